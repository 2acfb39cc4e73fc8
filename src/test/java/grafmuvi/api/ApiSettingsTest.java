package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import grafmuvi.config.InvalidSettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiSettingsTest {

  @Test
  void defaultsComeFromTheConfFile() {
    ApiSettings s = ApiSettings.from(ConfigFactory.parseResources(ApiSettings.RESOURCE).resolve());
    assertEquals("127.0.0.1", s.host());
    assertEquals(8080, s.port());
    assertEquals("seed", s.graph());
    assertEquals("auto", s.ranking());
    assertEquals(1000, s.maxPaths());
    assertEquals(3, s.maxDepth());
    assertEquals(10, s.maxResults());
    assertEquals(Duration.ZERO, s.responseDelay());
    assertEquals(Duration.ofSeconds(5), s.idleTimeout(), "Node's keep-alive timeout");
    assertEquals(16 * 1024, s.maxRequestBody());
    assertEquals(8 * 1024, s.maxRequestHeader());
    assertEquals(2048, s.maxUriLength());
    assertEquals(256, s.maxConcurrentRequests());
    assertEquals(1024, s.maxQueuedRequests());
    assertEquals(Duration.ofSeconds(5), s.maxQueueWait());
    assertEquals(Duration.ofSeconds(1), s.retryAfter());
    assertEquals(20, s.writeLimitCount());
    assertEquals(Duration.ofMinutes(30), s.writeLimitWindow());
    assertEquals("", s.writeClientHeader());
  }

  @Test
  void systemPropertiesOverrideThroughLoad() {
    String before = System.getProperty("grafmuvi.api.max-results");
    System.setProperty("grafmuvi.api.max-results", "7");
    try {
      ConfigFactory.invalidateCaches();
      assertEquals(7, ApiSettings.load().maxResults());
    } finally {
      if (before == null) {
        System.clearProperty("grafmuvi.api.max-results");
      } else {
        System.setProperty("grafmuvi.api.max-results", before);
      }
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void valuesAsStringsAreAccepted() {
    ApiSettings s =
        TestGraphs.settings(
            Map.of("port", "9090", "response-delay", "250ms", "max-request-body", "1MiB"));
    assertEquals(9090, s.port());
    assertEquals(Duration.ofMillis(250), s.responseDelay());
    assertEquals(1 << 20, s.maxRequestBody());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "port|70000|grafmuvi.api.port = 70000: must be an integer from 0 to 65535",
        "port|-1|grafmuvi.api.port = -1: must be an integer from 0 to 65535",
        "port|eighty|grafmuvi.api.port = eighty: must be an integer from 0 to 65535",
        "port|80.5|grafmuvi.api.port = 80.5: must be an integer from 0 to 65535",
        "max-depth|0|grafmuvi.api.max-depth = 0: must be an integer from 1 to 10",
        "ranking|fastest|grafmuvi.api.ranking = fastest: must be one of [auto, movies, paths]",
        "max-paths|0|grafmuvi.api.max-paths = 0: must be an integer from 1 to 10000000",
        "graph|no/such.graph|grafmuvi.api.graph = \"no/such.graph\": is not a readable file; must"
            + " be seed, dataset or the path of a graph file",
        "graph|' '|grafmuvi.api.graph = \" \": must not be empty",
        "max-results|0|grafmuvi.api.max-results = 0: must be an integer from 1 to 1000",
        "response-delay|-5ms|grafmuvi.api.response-delay = -5ms: must be a duration from 0ms to 1h",
        "response-delay|soon|grafmuvi.api.response-delay = soon: must be a duration from 0ms to 1h",
        "idle-timeout|0s|grafmuvi.api.idle-timeout = 0s: must be a duration from 1ms to 1d",
        "max-request-body|1|grafmuvi.api.max-request-body = 1: must be a size from 2 to 67108864"
            + " bytes",
        "max-request-body|lots|grafmuvi.api.max-request-body = lots: must be a size from 2 to"
            + " 67108864 bytes",
        "max-request-header|100|grafmuvi.api.max-request-header = 100: must be a size from 1024 to"
            + " 1048576 bytes",
        "max-uri-length|8|grafmuvi.api.max-uri-length = 8: must be an integer from 16 to 1048576",
        "max-concurrent-requests|0|grafmuvi.api.max-concurrent-requests = 0: must be an integer"
            + " from 1 to 100000",
        "max-queued-requests|-1|grafmuvi.api.max-queued-requests = -1: must be an integer from 0 to"
            + " 1000000",
        "max-queue-wait|0ms|grafmuvi.api.max-queue-wait = 0ms: must be a duration from 1ms to 1h",
        "retry-after|1500ms|grafmuvi.api.retry-after = 1500ms: must be whole seconds",
        "write-limit-count|0|grafmuvi.api.write-limit-count = 0: must be an integer from 1 to"
            + " 2147483647",
        "write-limit-window|forever|grafmuvi.api.write-limit-window = forever: must be a duration"
            + " from 1ms to 365d",
        "host|' '|grafmuvi.api.host = \" \": must be a host name or IP address",
        "host|http://x/|grafmuvi.api.host = \"http://x/\": must be a host name or IP address",
        "write-client-header|Bad Header|grafmuvi.api.write-client-header = \"Bad Header\": must be"
            + " empty",
      })
  void refusalsNameKeyValueAndWhatIsAllowed(String key, String value, String message) {
    InvalidSettingsException e =
        assertThrows(InvalidSettingsException.class, () -> TestGraphs.settings(Map.of(key, value)));
    // e.g. Invalid setting: grafmuvi.api.port = "70000" (from test): must be an integer from 0 to
    // 65535
    String allowed = message.substring(message.indexOf(": ") + 2);
    assertTrue(
        e.getMessage().startsWith("Invalid setting: grafmuvi.api." + key + " = "), e.getMessage());
    assertTrue(e.getMessage().contains(" (from test): " + allowed), e.getMessage());
  }

  @Test
  void missingRootIsNamed() {
    InvalidSettingsException e =
        assertThrows(InvalidSettingsException.class, () -> ApiSettings.from(ConfigFactory.empty()));
    assertTrue(e.getMessage().contains("grafmuvi.api.port is missing"), e.getMessage());
  }

  @Test
  void nullValueIsNamed() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                ApiSettings.from(
                    ConfigFactory.parseString("grafmuvi.api.port = null")
                        .withFallback(ConfigFactory.parseResources(ApiSettings.RESOURCE))
                        .resolve()));
    assertEquals(
        "Invalid setting: grafmuvi.api.port = null: must be an integer from 0 to 65535",
        e.getMessage());
  }
}
