package grafmuvi.loadtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of GrafMuviSimulation, read once from grafmuvi.conf (with -D and GRAFMUVI_*
 * overrides) and validated before any request is sent. Defaults live only in grafmuvi.conf.
 */
public record Settings(
    Config config,
    String baseUrl,
    String profile,
    int users,
    Duration ramp,
    Duration duration,
    Duration pauseMin,
    Duration pauseMax,
    Duration requestTimeout,
    Movie movie,
    boolean expectRecommendations,
    Thresholds thresholds) {

  /** The value of grafmuvi.base-url that starts the bundled API for the run. */
  public static final String EMBEDDED = "embedded";

  /** The movie the seed's users ask about. */
  public record Movie(String imdbId, String title, int year) {}

  /** Assertion thresholds: failed requests in percent, response-time ceilings. */
  public record Thresholds(
      double failedPercent, Duration p95, Duration p99, Duration perRequestP95, Duration perRequestP99) {}

  /** Reads grafmuvi.conf under the JVM's system properties; throws {@link InvalidSettingsException}. */
  public static Settings load() {
    return from(ConfigFactory.defaultOverrides().withFallback(reference()).resolve());
  }

  /** The project's settings files, unresolved: grafmuvi.conf, then the embedded API's. */
  static Config reference() {
    return ConfigFactory.parseResources("grafmuvi.conf")
        .withFallback(ConfigFactory.parseResources("grafmuvi-api.conf"));
  }

  /** Builds and validates the settings from a resolved config; reports every bad key at once. */
  public static Settings from(Config config) {
    SettingsReader in = new SettingsReader(config, reference().resolve());
    in.refuseUnknownKeys("grafmuvi");
    String baseUrl = in.string("grafmuvi.base-url");
    if (baseUrl != null && !EMBEDDED.equals(baseUrl)) {
      in.require("grafmuvi.base-url", isHttpUrl(baseUrl),
          "must be \"" + EMBEDDED + "\" or an absolute http(s) URL such as http://localhost:8082");
    }
    String profile = in.oneOf("grafmuvi.profile", config.getObject("grafmuvi.profiles").keySet());
    if (profile == null) {
      in.throwIfInvalid();
    }
    String shape = "grafmuvi.profiles." + profile;
    Integer users = in.intAtLeast(in.overridden("grafmuvi.users", shape + ".users"), 1);
    String rampKey = in.overridden("grafmuvi.ramp", shape + ".ramp");
    String durationKey = in.overridden("grafmuvi.duration", shape + ".duration");
    Duration ramp = in.durationAtLeast(rampKey, Duration.ZERO);
    Duration duration = in.positiveDuration(durationKey);
    if (ramp != null && duration != null) {
      in.require(rampKey, ramp.compareTo(duration) <= 0,
          "must not be longer than grafmuvi.duration (" + SettingsReader.format(duration) + ")");
    }
    Duration pauseMin = in.durationAtLeast(in.overridden("grafmuvi.pause.min", shape + ".pause.min"), Duration.ZERO);
    String pauseMaxKey = in.overridden("grafmuvi.pause.max", shape + ".pause.max");
    Duration pauseMax = in.durationAtLeast(pauseMaxKey, Duration.ZERO);
    if (pauseMin != null && pauseMax != null) {
      in.require(pauseMaxKey, pauseMin.compareTo(pauseMax) <= 0,
          "must not be shorter than grafmuvi.pause.min (" + SettingsReader.format(pauseMin) + ")");
    }
    Duration requestTimeout = in.positiveDuration("grafmuvi.request-timeout");
    String imdbId = in.nonBlank("grafmuvi.movie.imdb-id");
    String title = in.nonBlank("grafmuvi.movie.title");
    Integer year = in.intAtLeast("grafmuvi.movie.year", 1);
    Boolean expectRecommendations = in.bool("grafmuvi.expect-recommendations");
    Double failedPercent = in.percent("grafmuvi.assertions.failed-percent");
    Duration p95 = in.positiveDuration("grafmuvi.assertions.p95");
    Duration p99 = in.positiveDuration("grafmuvi.assertions.p99");
    Duration perRequestP95 = in.positiveDuration("grafmuvi.assertions.per-request.p95");
    Duration perRequestP99 = in.positiveDuration("grafmuvi.assertions.per-request.p99");
    in.notAbove("grafmuvi.assertions.p95", p95, "grafmuvi.assertions.p99", p99);
    in.notAbove("grafmuvi.assertions.per-request.p95", perRequestP95, "grafmuvi.assertions.per-request.p99", perRequestP99);
    in.throwIfInvalid();
    return new Settings(config, baseUrl, profile, users, ramp, duration, pauseMin, pauseMax, requestTimeout,
        new Movie(imdbId, title, year), expectRecommendations,
        new Thresholds(failedPercent, p95, p99, perRequestP95, perRequestP99));
  }

  public boolean embedded() {
    return EMBEDDED.equals(baseUrl);
  }

  /** The settings in force, in the order of grafmuvi.conf, for the console and the summaries. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("base-url", baseUrl);
    out.put("profile", profile);
    out.put("users", users);
    out.put("ramp", SettingsReader.format(ramp));
    out.put("duration", SettingsReader.format(duration));
    out.put("pause.min", SettingsReader.format(pauseMin));
    out.put("pause.max", SettingsReader.format(pauseMax));
    out.put("request-timeout", SettingsReader.format(requestTimeout));
    out.put("movie", movie.imdbId() + " / " + movie.title() + " (" + movie.year() + ")");
    out.put("expect-recommendations", expectRecommendations);
    out.put("assertions.failed-percent", thresholds.failedPercent());
    out.put("assertions.p95", SettingsReader.format(thresholds.p95()));
    out.put("assertions.p99", SettingsReader.format(thresholds.p99()));
    out.put("assertions.per-request.p95", SettingsReader.format(thresholds.perRequestP95()));
    out.put("assertions.per-request.p99", SettingsReader.format(thresholds.perRequestP99()));
    return out;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase())
          && uri.getHost() != null
          && uri.getQuery() == null
          && uri.getFragment() == null;
    } catch (Exception e) {
      return false;
    }
  }
}
