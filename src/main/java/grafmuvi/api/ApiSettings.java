package grafmuvi.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.config.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of the API server, immutable and validated. Their defaults live only in {@code
 * grafmuvi-api.conf} (path {@value #PATH}); {@link #load()} lets JVM system properties such as
 * {@code -Dgrafmuvi.api.port=9090} and the {@code GRAFMUVI_API_*} environment variables named there
 * override them.
 *
 * @param host address to listen on
 * @param port TCP port, 0 = ephemeral
 * @param graph the graph served: {@code seed}, {@code dataset} or the path of a graph file
 * @param ranking {@code auto}, {@code paths} or {@code movies} (see {@link Ranking})
 * @param maxPaths the most simple paths per movie the paths ranking enumerates
 * @param maxDepth ranking movies: longest recommendation path, in hops
 * @param maxResults ranking movies: most recommendations in one answer
 * @param responseDelay test-only artificial delay added to every answer
 * @param idleTimeout a silent connection is closed after this
 * @param maxRequestBody largest request body in bytes (413 beyond)
 * @param maxRequestHeader largest request line + headers in bytes (431/414 beyond)
 * @param maxUriLength longest request URI in characters (414 beyond)
 * @param maxConcurrentRequests requests handled at once
 * @param maxQueuedRequests requests that may wait for a slot (503 beyond)
 * @param maxQueueWait longest wait for a slot (503 after)
 * @param retryAfter Retry-After sent with 503
 * @param writeLimitCount rule 3: promotions one client may post within writeLimitWindow
 * @param writeLimitWindow rule 3: the window
 * @param writeClientHeader header naming the client for rule 3, empty = remote address
 */
public record ApiSettings(
    String host,
    int port,
    String graph,
    String ranking,
    int maxPaths,
    int maxDepth,
    int maxResults,
    Duration responseDelay,
    Duration idleTimeout,
    long maxRequestBody,
    int maxRequestHeader,
    int maxUriLength,
    int maxConcurrentRequests,
    int maxQueuedRequests,
    Duration maxQueueWait,
    Duration retryAfter,
    int writeLimitCount,
    Duration writeLimitWindow,
    String writeClientHeader) {

  /** Where the settings live in a {@link Config}. */
  public static final String PATH = "grafmuvi.api";

  /** The resource holding every default. */
  public static final String RESOURCE = "grafmuvi-api.conf";

  /** The values of {@code ranking}. */
  public static final List<String> RANKINGS = List.of("auto", "paths", "movies");

  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Duration ONE_DAY = Duration.ofDays(1);

  public ApiSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(ranking, "ranking");
    Objects.requireNonNull(responseDelay, "responseDelay");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(maxQueueWait, "maxQueueWait");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(writeLimitWindow, "writeLimitWindow");
    Objects.requireNonNull(writeClientHeader, "writeClientHeader");
  }

  /**
   * The defaults of {@value #RESOURCE}, overridden by system properties and environment variables.
   */
  public static ApiSettings load() {
    return from(loadConfig());
  }

  /**
   * The resolved configuration {@link #load()} reads, for tools that show or merge the defaults.
   */
  public static Config loadConfig() {
    return ConfigFactory.defaultOverrides().withFallback(reference()).resolve();
  }

  /** The settings file alone: every key there is, with its default. */
  public static Config reference() {
    return ConfigFactory.parseResources(RESOURCE);
  }

  /**
   * Reads and validates the settings at {@value #PATH} of a resolved config.
   *
   * @throws InvalidSettingsException naming every key whose value is missing or not allowed
   */
  public static ApiSettings from(Config root) {
    SettingsReader in = new SettingsReader(root, reference().resolve());
    in.refuseUnknownKeys(PATH);
    ApiSettings settings = read(in);
    in.throwIfInvalid();
    return settings;
  }

  /**
   * Reads the settings at {@value #PATH} into a reader that may be reading other settings too, so
   * that all problems are reported at once; null when one of them was refused.
   */
  public static ApiSettings read(SettingsReader in) {
    String host = in.string(PATH + ".host");
    if (host != null) {
      in.require(
          PATH + ".host",
          !host.isBlank() && host.chars().noneMatch(ch -> ch <= ' ' || "/@#?".indexOf(ch) >= 0),
          "must be a host name or IP address, e.g. 127.0.0.1");
    }
    Integer port = in.intBetween(PATH + ".port", 0, 65_535);
    String graph = in.nonBlank(PATH + ".graph");
    if (graph != null && !GraphFile.isBuiltIn(graph)) {
      in.require(
          PATH + ".graph",
          readableFile(graph),
          "is not a readable file; must be seed, dataset or the path of a graph file");
    }
    String ranking = in.oneOf(PATH + ".ranking", RANKINGS);
    Integer maxPaths = in.intBetween(PATH + ".max-paths", 1, 10_000_000);
    Integer maxDepth = in.intBetween(PATH + ".max-depth", 1, 10);
    Integer maxResults = in.intBetween(PATH + ".max-results", 1, 1_000);
    Duration responseDelay = in.durationBetween(PATH + ".response-delay", Duration.ZERO, ONE_HOUR);
    Duration idleTimeout =
        in.durationBetween(PATH + ".idle-timeout", Duration.ofMillis(1), ONE_DAY);
    Long maxRequestBody = in.bytesBetween(PATH + ".max-request-body", 2, 64L << 20);
    Long maxRequestHeader = in.bytesBetween(PATH + ".max-request-header", 1_024, 1L << 20);
    Integer maxUriLength = in.intBetween(PATH + ".max-uri-length", 16, 1 << 20);
    Integer maxConcurrent = in.intBetween(PATH + ".max-concurrent-requests", 1, 100_000);
    Integer maxQueued = in.intBetween(PATH + ".max-queued-requests", 0, 1_000_000);
    Duration maxQueueWait =
        in.durationBetween(PATH + ".max-queue-wait", Duration.ofMillis(1), ONE_HOUR);
    Duration retryAfter = in.durationBetween(PATH + ".retry-after", Duration.ofSeconds(1), ONE_DAY);
    if (retryAfter != null) {
      in.require(
          PATH + ".retry-after",
          retryAfter.toMillis() % 1000 == 0,
          "must be whole seconds, e.g. 1s, 30s");
    }
    Integer writeLimitCount = in.intBetween(PATH + ".write-limit-count", 1, Integer.MAX_VALUE);
    Duration writeLimitWindow =
        in.durationBetween(
            PATH + ".write-limit-window", Duration.ofMillis(1), Duration.ofDays(365));
    String writeClientHeader = in.string(PATH + ".write-client-header");
    if (writeClientHeader != null) {
      in.require(
          PATH + ".write-client-header",
          writeClientHeader.isEmpty()
              || writeClientHeader.chars().allMatch(ApiSettings::isTokenChar),
          "must be empty (the remote address) or an HTTP header name, e.g. X-Forwarded-For");
    }
    if (!in.valid()) {
      return null;
    }
    return new ApiSettings(
        host,
        port,
        graph,
        ranking,
        maxPaths,
        maxDepth,
        maxResults,
        responseDelay,
        idleTimeout,
        maxRequestBody,
        maxRequestHeader.intValue(),
        maxUriLength,
        maxConcurrent,
        maxQueued,
        maxQueueWait,
        retryAfter,
        writeLimitCount,
        writeLimitWindow,
        writeClientHeader);
  }

  /** These settings on 127.0.0.1 and an ephemeral port: how a load test embeds the server. */
  public ApiSettings onLoopbackEphemeralPort() {
    return new ApiSettings(
        "127.0.0.1",
        0,
        graph,
        ranking,
        maxPaths,
        maxDepth,
        maxResults,
        responseDelay,
        idleTimeout,
        maxRequestBody,
        maxRequestHeader,
        maxUriLength,
        maxConcurrentRequests,
        maxQueuedRequests,
        maxQueueWait,
        retryAfter,
        writeLimitCount,
        writeLimitWindow,
        writeClientHeader);
  }

  private static boolean readableFile(String path) {
    try {
      Path p = Path.of(path);
      return Files.isRegularFile(p) && Files.isReadable(p);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isTokenChar(int ch) {
    return ch > ' ' && ch < 127 && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0;
  }
}
