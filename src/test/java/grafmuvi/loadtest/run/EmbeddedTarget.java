package grafmuvi.loadtest.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.ApiServer;
import grafmuvi.loadtest.settings.Settings;
import java.util.Map;
import java.util.Optional;

/**
 * The API under load: a deployment named by grafmuvi.base-url, or the embedded one, which binds a
 * free loopback port as soon as it is created (its URL goes into the protocol) and serves from
 * {@link #start()} until the run closes it as the JVM ends (Gatling calls after() while the last
 * requests of users stopped at the run's end may still be on their way).
 */
public final class EmbeddedTarget {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<ApiServer> embedded;
  private final String baseUrl;

  private EmbeddedTarget(Optional<ApiServer> embedded, String baseUrl) {
    this.embedded = embedded;
    this.baseUrl = baseUrl;
  }

  public static EmbeddedTarget of(Settings settings) {
    if (!settings.target().embedded()) {
      return new EmbeddedTarget(Optional.empty(), settings.target().baseUrl());
    }
    ApiServer server = ApiServer.bind(settings.api());
    return new EmbeddedTarget(Optional.of(server), server.baseUri().toString());
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Names of the embedded API's threads, whose CPU is not the load generator's. */
  public Optional<String> serverThreadPrefix() {
    return embedded.map(server -> ApiServer.THREAD_NAME_PREFIX);
  }

  /** Serves the embedded API, until {@link #close()}: when the JVM ends, after Gatling's report. */
  public void start() {
    embedded.ifPresent(ApiServer::start);
  }

  public void close() {
    embedded.ifPresent(ApiServer::close);
  }

  /** The embedded API's counters, read now; empty for a deployment. */
  public Optional<Map<String, Object>> stats() {
    return embedded.map(server -> JSON.convertValue(server.stats(), new TypeReference<>() {}));
  }
}
