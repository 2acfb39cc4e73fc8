package grafmuvi.loadtest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import grafmuvi.api.ApiServer;
import grafmuvi.api.ApiSettings;

/**
 * The API under load: the embedded one, bound to a free loopback port as soon as the simulation
 * is built and serving from before() to after(), or a deployment named by grafmuvi.base-url.
 */
final class Target implements AutoCloseable {

  private final ApiServer embedded;
  private final String baseUrl;

  private Target(ApiServer embedded, String baseUrl) {
    this.embedded = embedded;
    this.baseUrl = baseUrl;
  }

  static Target of(Settings settings) {
    if (!settings.embedded()) {
      return new Target(null, settings.baseUrl());
    }
    ApiServer server = ApiServer.bind(settings.api());
    return new Target(server, server.baseUri().toString().replaceAll("/+$", ""));
  }

  /** The embedded API's counters, read when called; empty for an external target. */
  java.util.Optional<java.util.function.Supplier<Map<String, Object>>> stats() {
    return embedded == null ? java.util.Optional.empty()
        : java.util.Optional.of(() -> new ObjectMapper().convertValue(embedded.stats(), new TypeReference<>() {}));
  }

  /** Names of the embedded API's threads (their CPU is not the injector's), or null. */
  String serverThreadPrefix() {
    return embedded == null ? null : ApiServer.THREAD_NAME_PREFIX;
  }

  String baseUrl() {
    return baseUrl;
  }

  void start() {
    if (embedded != null) {
      embedded.start();
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
