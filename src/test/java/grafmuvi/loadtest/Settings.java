package grafmuvi.loadtest;

import grafmuvi.api.ApiSettings;
import grafmuvi.config.Durations;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.config.SettingsReader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import grafmuvi.loadtest.results.Tolerances;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of GrafMuviSimulation, read once from grafmuvi.conf (with -D and GRAFMUVI_*
 * overrides) and validated before any request is sent. Defaults live only in grafmuvi.conf.
 */
public record Settings(
    ApiSettings api,
    String baseUrl,
    List<String> allowedHosts,
    Secrets secrets,
    String profile,
    Workload workload,
    Mix mix,
    String data,
    Movie movie,
    Duration requestTimeout,
    boolean expectRecommendations,
    Thresholds thresholds,
    Tolerances tolerances,
    Path baseline,
    Injector injector) {

  /** The value of grafmuvi.base-url that starts the bundled API for the run. */
  public static final String EMBEDDED = "embedded";

  /** The value of grafmuvi.allowed-hosts that stands for localhost, 127.0.0.0/8 and ::1. */
  public static final String LOOPBACK = "loopback";

  /** What is masked wherever settings or requests are written down. */
  public record Secrets(List<String> headers, String token) {
    public static final String MASK = SettingsReader.MASK;

    @Override
    public String toString() {
      return "Secrets[headers=" + headers + ", token=" + (token == null ? "none" : MASK) + "]";
    }
  }

  /** The shape of the load: the model named by a profile's {@code model} key. */
  public sealed interface Workload {}

  /** Users arriving evenly over the ramp, each looping with a pause until the duration is over. */
  public record Looping(int users, Duration ramp, Duration duration, Duration pauseMin, Duration pauseMax)
      implements Workload {}

  /** Arrival rate (users/s, one request each) raised level by level. */
  public record Steps(int startRate, int step, int levels, Duration warmUp, Duration levelDuration, Duration rampBetween)
      implements Workload {
    public int rateOfLevel(int level) {
      return startRate + level * step;
    }
  }

  /** Steady arrivals, a burst at peak rate, steady again. */
  public record Spike(int baseRate, int peakRate, Duration before, Duration burst, Duration after)
      implements Workload {}

  /** Weights of the request chains. */
  public record Mix(int status, int similarById, int similarByTitle, int promote) {}

  /** With data = seed: the movie the seed's users ask about. */
  public record Movie(String imdbId, String title, int year) {}

  /** Assertion thresholds: failed requests in percent, response-time ceilings. */
  public record Thresholds(
      double failedPercent, Duration p95, Duration p99, Duration perRequestP95, Duration perRequestP99) {}

  /** When the load generator warns about itself. */
  public record Injector(double cpuPercent, double gcPercent, Duration sustained) {}

  private static final Set<String> MODELS = Set.of("looping", "steps", "spike");
  private static final List<String> LOOPING_OVERRIDES =
      List.of("grafmuvi.users", "grafmuvi.ramp", "grafmuvi.duration", "grafmuvi.pause.min", "grafmuvi.pause.max");

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
    in.refuseUnknownKeys("grafmuvi", "grafmuvi.targets.");
    ApiSettings api = ApiSettings.read(in);
    String baseUrl = in.string("grafmuvi.base-url");
    if (baseUrl != null && config.hasPath("grafmuvi.targets") && config.getObject("grafmuvi.targets").containsKey(baseUrl)) {
      baseUrl = in.string("grafmuvi.targets." + baseUrl);
    }
    List<String> allowedHosts = in.stringList("grafmuvi.allowed-hosts");
    if (baseUrl != null && !EMBEDDED.equals(baseUrl)
        && in.require("grafmuvi.base-url", isHttpUrl(baseUrl),
            "must be \"" + EMBEDDED + "\", a name under grafmuvi.targets " + config.getObject("grafmuvi.targets").keySet()
                + " or an absolute http(s) URL such as http://localhost:8082")
        && allowedHosts != null) {
      String host = URI.create(baseUrl).getHost();
      in.require("grafmuvi.base-url", isAllowed(host, allowedHosts), "its host " + host
          + " is not in grafmuvi.allowed-hosts " + allowedHosts + "; to load-test it, allow it with -Dgrafmuvi.allowed-hosts="
          + String.join(",", allowedHosts) + "," + host + " (or GRAFMUVI_ALLOWED_HOSTS)");
    }
    List<String> secretHeaders = in.stringList("grafmuvi.secrets.headers");
    String token = in.optionalString("grafmuvi.secrets.token");
    String profile = in.oneOf("grafmuvi.profile", config.getObject("grafmuvi.profiles").keySet());
    in.throwIfInvalid();
    String model = in.oneOf("grafmuvi.profiles." + profile + ".model", MODELS);
    in.throwIfInvalid();
    Workload workload = switch (model) {
      case "looping" -> looping(in, "grafmuvi.profiles." + profile);
      case "steps" -> steps(in, profile, "grafmuvi.profiles." + profile);
      default -> spike(in, profile, "grafmuvi.profiles." + profile);
    };
    Integer status = in.intAtLeast("grafmuvi.mix.status", 0);
    Integer byId = in.intAtLeast("grafmuvi.mix.similar-by-id", 0);
    Integer byTitle = in.intAtLeast("grafmuvi.mix.similar-by-title", 0);
    Integer promote = in.intAtLeast("grafmuvi.mix.promote", 0);
    String data = in.nonBlank("grafmuvi.data");
    String imdbId = in.nonBlank("grafmuvi.movie.imdb-id");
    String title = in.nonBlank("grafmuvi.movie.title");
    Integer year = in.intAtLeast("grafmuvi.movie.year", 1);
    Duration requestTimeout = in.positiveDuration("grafmuvi.request-timeout");
    Boolean expectRecommendations = in.bool("grafmuvi.expect-recommendations");
    Thresholds thresholds = thresholds(in);
    Tolerances tolerances = tolerances(in);
    String baselinePath = in.optionalString("grafmuvi.baseline");
    if (baselinePath != null) {
      in.require("grafmuvi.baseline", Files.isRegularFile(Path.of(baselinePath)) && Files.isReadable(Path.of(baselinePath)),
          "must be the path of a readable summary.json of an earlier run");
    }
    Double cpuPercent = in.percent("grafmuvi.injector.cpu-percent");
    Double gcPercent = in.percent("grafmuvi.injector.gc-percent");
    Duration sustained = in.positiveDuration("grafmuvi.injector.sustained");
    in.throwIfInvalid();
    Mix mix = new Mix(status, byId, byTitle, promote);
    in.require("grafmuvi.mix", status + byId + byTitle + promote > 0,
        "at least one request chain must have a weight above 0");
    in.throwIfInvalid();
    return new Settings(api.onLoopbackEphemeralPort(), baseUrl, allowedHosts, new Secrets(secretHeaders, token), profile, workload, mix, data, new Movie(imdbId, title, year),
        requestTimeout, expectRecommendations, thresholds, tolerances,
        baselinePath == null ? null : Path.of(baselinePath), new Injector(cpuPercent, gcPercent, sustained));
  }

  private static Looping looping(SettingsReader in, String shape) {
    Integer users = in.intAtLeast(in.overridden("grafmuvi.users", shape + ".users"), 1);
    String rampKey = in.overridden("grafmuvi.ramp", shape + ".ramp");
    Duration ramp = in.durationAtLeast(rampKey, Duration.ZERO);
    Duration duration = in.positiveDuration(in.overridden("grafmuvi.duration", shape + ".duration"));
    if (ramp != null && duration != null) {
      in.require(rampKey, ramp.compareTo(duration) <= 0,
          "must not be longer than grafmuvi.duration (" + Durations.format(duration) + ")");
    }
    Duration pauseMin = in.durationAtLeast(in.overridden("grafmuvi.pause.min", shape + ".pause.min"), Duration.ZERO);
    String pauseMaxKey = in.overridden("grafmuvi.pause.max", shape + ".pause.max");
    Duration pauseMax = in.durationAtLeast(pauseMaxKey, Duration.ZERO);
    if (pauseMin != null && pauseMax != null) {
      in.require(pauseMaxKey, pauseMin.compareTo(pauseMax) <= 0,
          "must not be shorter than grafmuvi.pause.min (" + Durations.format(pauseMin) + ")");
    }
    return new Looping(users == null ? 0 : users, ramp, duration, pauseMin, pauseMax);
  }

  private static Steps steps(SettingsReader in, String profile, String shape) {
    in.refuseOverrides(LOOPING_OVERRIDES, "profile " + profile + " sets an arrival rate, not users; set "
        + shape + ".* instead");
    Integer start = in.intAtLeast(shape + ".start-rate", 1);
    Integer step = in.intAtLeast(shape + ".step", 1);
    Integer levels = in.intAtLeast(shape + ".levels", 1);
    Duration warmUp = in.durationAtLeast(shape + ".warm-up", Duration.ZERO);
    Duration level = in.positiveDuration(shape + ".level-duration");
    Duration rampBetween = in.durationAtLeast(shape + ".ramp-between", Duration.ZERO);
    return new Steps(orZero(start), orZero(step), orZero(levels), warmUp, level, rampBetween);
  }

  private static Spike spike(SettingsReader in, String profile, String shape) {
    in.refuseOverrides(LOOPING_OVERRIDES, "profile " + profile + " sets an arrival rate, not users; set "
        + shape + ".* instead");
    Integer base = in.intAtLeast(shape + ".base-rate", 1);
    Integer peak = in.intAtLeast(shape + ".peak-rate", 1);
    if (base != null && peak != null) {
      in.require(shape + ".peak-rate", peak > base, "must be above " + shape + ".base-rate (" + base + ")");
    }
    return new Spike(orZero(base), orZero(peak), in.positiveDuration(shape + ".before"),
        in.positiveDuration(shape + ".burst"), in.positiveDuration(shape + ".after"));
  }

  private static Thresholds thresholds(SettingsReader in) {
    Double failedPercent = in.percent("grafmuvi.assertions.failed-percent");
    Duration p95 = in.positiveDuration("grafmuvi.assertions.p95");
    Duration p99 = in.positiveDuration("grafmuvi.assertions.p99");
    Duration perRequestP95 = in.positiveDuration("grafmuvi.assertions.per-request.p95");
    Duration perRequestP99 = in.positiveDuration("grafmuvi.assertions.per-request.p99");
    in.notAbove("grafmuvi.assertions.p95", p95, "grafmuvi.assertions.p99", p99);
    in.notAbove("grafmuvi.assertions.per-request.p95", perRequestP95, "grafmuvi.assertions.per-request.p99", perRequestP99);
    return failedPercent == null ? null : new Thresholds(failedPercent, p95, p99, perRequestP95, perRequestP99);
  }

  private static Tolerances tolerances(SettingsReader in) {
    Double p95 = in.doubleAtLeast("grafmuvi.tolerances.p95-worse-percent", 0);
    Double p99 = in.doubleAtLeast("grafmuvi.tolerances.p99-worse-percent", 0);
    Double failed = in.doubleAtLeast("grafmuvi.tolerances.failed-points-worse", 0);
    Double throughput = in.percent("grafmuvi.tolerances.throughput-lower-percent");
    return p95 == null || p99 == null || failed == null || throughput == null ? null
        : new Tolerances(p95, p99, failed, throughput);
  }

  /** The tolerances of grafmuvi.conf, for comparing summaries outside a run. */
  public static Tolerances defaultTolerances() {
    SettingsReader in = new SettingsReader(reference().resolve(), reference().resolve());
    Tolerances tolerances = tolerances(in);
    in.throwIfInvalid();
    return tolerances;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  @Override
  public String toString() {
    return "Settings" + describe();
  }

  /** Whether host is one of allowed, "loopback" standing for localhost, 127.0.0.0/8 and ::1. */
  static boolean isAllowed(String host, List<String> allowed) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    for (String entry : allowed) {
      if (entry.equalsIgnoreCase(bare) || (LOOPBACK.equalsIgnoreCase(entry) && isLoopback(bare))) {
        return true;
      }
    }
    return false;
  }

  /** localhost or a loopback address literal; never a DNS lookup. */
  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public boolean embedded() {
    return EMBEDDED.equals(baseUrl);
  }

  /** The settings in force, for the console and the summaries (secrets masked). */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("base-url", baseUrl);
    out.put("allowed-hosts", allowedHosts);
    out.put("secrets", secrets.toString());
    out.put("profile", profile);
    if (workload instanceof Looping l) {
      out.put("users", l.users());
      out.put("ramp", Durations.format(l.ramp()));
      out.put("duration", Durations.format(l.duration()));
      out.put("pause", Durations.format(l.pauseMin()) + " to " + Durations.format(l.pauseMax()));
    } else if (workload instanceof Steps s) {
      out.put("rates", Durations.format(s.warmUp()) + " warm-up, then " + s.rateOfLevel(0) + " to "
          + s.rateOfLevel(s.levels() - 1) + " users/s in " + s.levels() + " levels of " + Durations.format(s.levelDuration()));
    } else if (workload instanceof Spike s) {
      out.put("rates", s.baseRate() + " users/s for " + Durations.format(s.before()) + ", " + s.peakRate()
          + " users/s for " + Durations.format(s.burst()) + ", " + s.baseRate() + " users/s for "
          + Durations.format(s.after()));
    }
    out.put("mix", "status " + mix.status() + ", similar-by-id " + mix.similarById() + ", similar-by-title "
        + mix.similarByTitle() + ", promote " + mix.promote());
    out.put("data", data);
    out.put("request-timeout", Durations.format(requestTimeout));
    out.put("expect-recommendations", expectRecommendations);
    out.put("baseline", baseline == null ? "none" : baseline.toString());
    out.put("tolerances", tolerances.toString());
    out.put("assertions", "KO <= " + thresholds.failedPercent() + " %, p95 <= " + Durations.format(thresholds.p95())
        + ", p99 <= " + Durations.format(thresholds.p99()) + ", per request p95 <= "
        + Durations.format(thresholds.perRequestP95()) + ", p99 <= " + Durations.format(thresholds.perRequestP99()));
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
