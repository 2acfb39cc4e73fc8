package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTest {

  /** Settings as the simulation would see them with these -D values (always strings). */
  static Settings withProperties(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.from(ConfigFactory.parseMap(props, "system properties")
        .withFallback(Settings.reference()).resolve());
  }

  @Test
  void defaultsAreTheSeedWorkload() {
    Settings s = withProperties();
    assertEquals("load", s.profile());
    assertEquals(Settings.EMBEDDED, s.baseUrl());
    assertEquals(1000, s.users());
    assertEquals(Duration.ofSeconds(100), s.ramp());
    assertEquals(Duration.ofMinutes(5), s.duration());
    assertEquals(Duration.ofSeconds(5), s.pauseMin());
    assertEquals(Duration.ofSeconds(9), s.pauseMax());
    assertEquals(new Settings.Movie("tt0068646", "The godfather", 1972), s.movie());
    assertEquals(1.0, s.thresholds().failedPercent());
  }

  @Test
  void aProfileSetsTheShapeAndTopLevelKeysOverrideIt() {
    Settings smoke = withProperties("grafmuvi.profile", "smoke");
    assertEquals(5, smoke.users());
    assertEquals(Duration.ofSeconds(15), smoke.duration());
    Settings overridden = withProperties("grafmuvi.profile", "smoke", "grafmuvi.users", "7",
        "grafmuvi.duration", "30m", "grafmuvi.pause.max", "2s");
    assertEquals(7, overridden.users());
    assertEquals(Duration.ofMinutes(30), overridden.duration());
    assertEquals(Duration.ofSeconds(2), overridden.pauseMax());
    assertEquals(Duration.ofMillis(100), overridden.pauseMin());
  }

  @Test
  void anHttpUrlTargetsThatDeployment() {
    Settings s = withProperties("grafmuvi.base-url", "http://localhost:8082");
    assertFalse(s.embedded());
    assertEquals("http://localhost:8082", s.baseUrl());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("grafmuvi.users", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "-5", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "many", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "1.5", "must be a whole number of at least 1"),
        bad("grafmuvi.ramp", "-1s", "must be a duration of at least 0ms"),
        bad("grafmuvi.ramp", "100", "with a unit"),
        bad("grafmuvi.ramp", "10 parsecs", "with a unit"),
        bad("grafmuvi.duration", "0s", "must be a duration above 0"),
        bad("grafmuvi.duration", "-5m", "must be a duration"),
        bad("grafmuvi.ramp", "10m", "must not be longer than grafmuvi.duration (5m)"),
        bad("grafmuvi.pause.max", "1s", "must not be shorter than grafmuvi.pause.min (5s)"),
        bad("grafmuvi.pause.min", "-1s", "must be a duration of at least 0ms"),
        bad("grafmuvi.base-url", "ftp://localhost:8082", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "localhost:8082", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://local host/", "an absolute http(s) URL"),
        bad("grafmuvi.profile", "heavy", "must be one of [load, smoke"),
        bad("grafmuvi.assertions.failed-percent", "150", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.failed-percent", "-1", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.failed-percent", "lots", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.p95", "0ms", "must be a duration above 0"),
        bad("grafmuvi.assertions.p95", "900ms", "must not be above grafmuvi.assertions.p99"),
        bad("grafmuvi.assertions.per-request.p99", "soon", "must be a duration"),
        bad("grafmuvi.request-timeout", "0s", "must be a duration above 0"),
        bad("grafmuvi.movie.year", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.movie.title", " ", "must not be empty"),
        bad("grafmuvi.expect-recommendations", "maybe", "must be true or false"),
        bad("grafmuvi.user", "5", "unknown setting; did you mean grafmuvi.users?"),
        bad("grafmuvi.assertions.p59", "1s", "unknown setting"));
  }

  private static Arguments bad(String key, String value, String allowed) {
    return Arguments.of(key, value, allowed);
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @MethodSource("badValues")
  void aBadValueIsRefusedNamingKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
    InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> withProperties(key, value));
    assertEquals(1, e.problems().size(), e.getMessage());
    String problem = e.problems().get(0);
    assertTrue(problem.startsWith(key + " = "), problem);
    assertTrue(problem.contains(value.isBlank() ? "\" \"" : value), problem);
    assertTrue(problem.contains(allowed), problem);
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
        () -> withProperties("grafmuvi.users", "0", "grafmuvi.duration", "0s", "grafmuvi.profile", "smoke"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("grafmuvi.users = "));
    assertTrue(e.getMessage().contains("grafmuvi.duration = "));
  }
}
