package grafmuvi.loadtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import grafmuvi.api.ApiSettings;
import grafmuvi.config.Durations;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.config.SettingsReader;
import grafmuvi.loadtest.results.BaselineGate;
import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.results.SummaryFormatException;
import grafmuvi.loadtest.results.Tolerances;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting of GrafMuviSimulation, read once from grafmuvi.conf and grafmuvi-api.conf (with -D
 * and GRAFMUVI_* overrides) and validated before any request is sent: every profile, the embedded
 * API's settings and the baseline file included, all problems reported at once. Defaults live only
 * in the .conf files.
 *
 * @param api the embedded API's settings, on 127.0.0.1 and an ephemeral port
 * @param baseUrl {@value #EMBEDDED}, or the target's URL without its user-info
 * @param baseline the baseline summary and the limits it sets, when grafmuvi.baseline names one
 * @param resultsFolder where Gatling writes run folders (the summaries go into this run's); empty =
 *     no summaries
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
    double keptUpPercent,
    Tolerances tolerances,
    Optional<Baseline> baseline,
    Injector injector,
    Optional<Path> resultsFolder) {

  /** The value of grafmuvi.base-url that starts the bundled API for the run. */
  public static final String EMBEDDED = "embedded";

  /** The value of grafmuvi.allowed-hosts that stands for localhost, 127.0.0.0/8 and ::1. */
  public static final String LOOPBACK = "loopback";

  /**
   * What is kept out of everything the run writes: header values, the token, the user-info of the
   * base URL (sent as basic authentication).
   */
  public record Secrets(List<String> headers, String token, String userInfo) {
    public static final String MASK = SettingsReader.MASK;

    /** The secret strings themselves, to be masked wherever they might appear. */
    public List<String> values() {
      return java.util.stream.Stream.of(
              token,
              userInfo,
              userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1))
          .filter(s -> s != null && !s.isEmpty())
          .toList();
    }

    @Override
    public String toString() {
      return "Secrets[headers="
          + headers
          + ", token="
          + (token == null ? "none" : MASK)
          + (userInfo == null ? "" : ", url user-info=" + MASK)
          + "]";
    }
  }

  /** The shape of the load: the model named by a profile's {@code model} key. */
  public sealed interface Workload {
    /** The one of the three functions that fits this model, applied to it. */
    <T> T match(Function<Looping, T> looping, Function<Steps, T> steps, Function<Spike, T> spike);
  }

  /** Users arriving evenly over the ramp, each looping with a pause until the duration is over. */
  public record Looping(
      int users, Duration ramp, Duration duration, Duration pauseMin, Duration pauseMax)
      implements Workload {
    @Override
    public <T> T match(
        Function<Looping, T> looping, Function<Steps, T> steps, Function<Spike, T> spike) {
      return looping.apply(this);
    }
  }

  /**
   * Arrival rate (users/s, one request each) raised level by level, after an unmeasured warm-up.
   */
  public record Steps(
      int startRate,
      int step,
      int levels,
      Duration warmUp,
      Duration levelDuration,
      Duration rampBetween)
      implements Workload {
    public int rateOfLevel(int level) {
      return startRate + level * step;
    }

    @Override
    public <T> T match(
        Function<Looping, T> looping, Function<Steps, T> steps, Function<Spike, T> spike) {
      return steps.apply(this);
    }
  }

  /** Steady arrivals, a burst at peak rate, steady again. */
  public record Spike(int baseRate, int peakRate, Duration before, Duration burst, Duration after)
      implements Workload {
    @Override
    public <T> T match(
        Function<Looping, T> looping, Function<Steps, T> steps, Function<Spike, T> spike) {
      return spike.apply(this);
    }
  }

  /** Weights of the request chains. */
  public record Mix(int status, int similarById, int similarByTitle, int promote) {}

  /** With data = seed: the movie the seed's users ask about. */
  public record Movie(String imdbId, String title, int year) {}

  /** Assertion thresholds: failed requests in percent, response-time ceilings. */
  public record Thresholds(
      double failedPercent,
      Duration p95,
      Duration p99,
      Duration perRequestP95,
      Duration perRequestP99) {}

  /** A baseline run to hold this one to: its file, its summary, and the limits it sets. */
  public record Baseline(Path file, Summary summary, List<BaselineGate.Row> limits) {}

  /** When the load generator warns about itself. */
  public record Injector(double cpuPercent, double gcPercent, Duration sustained) {}

  private static final Set<String> MODELS = Set.of("looping", "steps", "spike");
  private static final List<String> LOOPING_OVERRIDES =
      List.of(
          "grafmuvi.users",
          "grafmuvi.ramp",
          "grafmuvi.duration",
          "grafmuvi.pause.min",
          "grafmuvi.pause.max");

  /**
   * Reads the settings files under the JVM's system properties; throws {@link
   * InvalidSettingsException}.
   */
  public static Settings load() {
    return from(ConfigFactory.defaultOverrides().withFallback(reference()).resolve());
  }

  /** The project's settings files, unresolved: grafmuvi.conf, then the embedded API's. */
  static Config reference() {
    return ConfigFactory.parseResources("grafmuvi.conf").withFallback(ApiSettings.reference());
  }

  /** Builds and validates the settings from a resolved config; reports every bad key at once. */
  public static Settings from(Config config) {
    SettingsReader in = new SettingsReader(config, reference().resolve());
    in.refuseUnknownKeys("grafmuvi", "grafmuvi.targets.");
    ApiSettings api = ApiSettings.read(in);
    List<String> allowedHosts = in.stringList("grafmuvi.allowed-hosts");
    String rawUrl = in.string("grafmuvi.base-url");
    if (rawUrl != null && config.hasPath("grafmuvi.targets." + quoted(rawUrl))) {
      rawUrl = in.string("grafmuvi.targets." + quoted(rawUrl));
    }
    URI url =
        rawUrl == null || EMBEDDED.equals(rawUrl) ? null : target(in, rawUrl, allowedHosts, config);
    List<String> secretHeaders = in.stringList("grafmuvi.secrets.headers");
    String token = in.optionalString("grafmuvi.secrets.token");
    Map<String, Workload> profiles = profiles(in, config);
    String profile = in.oneOf("grafmuvi.profile", profiles.keySet());
    Workload workload = profile == null ? null : profiles.get(profile);
    if (workload != null && workload.match(l -> false, s -> true, s -> true)) {
      in.refuseOverrides(
          LOOPING_OVERRIDES,
          "profile "
              + profile
              + " sets an arrival rate, not users; set "
              + "grafmuvi.profiles."
              + profile
              + ".* instead");
    }
    Mix mix =
        new Mix(
            orZero(in.intAtLeast("grafmuvi.mix.status", 0)),
            orZero(in.intAtLeast("grafmuvi.mix.similar-by-id", 0)),
            orZero(in.intAtLeast("grafmuvi.mix.similar-by-title", 0)),
            orZero(in.intAtLeast("grafmuvi.mix.promote", 0)));
    in.require(
        "grafmuvi.mix",
        mix.status() + mix.similarById() + mix.similarByTitle() + mix.promote() > 0,
        "at least one request chain must have a weight above 0");
    String data = in.nonBlank("grafmuvi.data");
    Movie movie =
        new Movie(
            in.nonBlank("grafmuvi.movie.imdb-id"),
            in.nonBlank("grafmuvi.movie.title"),
            orZero(in.intAtLeast("grafmuvi.movie.year", 1)));
    Duration requestTimeout = in.positiveDuration("grafmuvi.request-timeout");
    Boolean expectRecommendations = in.bool("grafmuvi.expect-recommendations");
    Thresholds thresholds = thresholds(in);
    Double keptUpPercent = in.percent("grafmuvi.verdict.kept-up-percent");
    Tolerances tolerances = Tolerances.read(in);
    Boolean allowOtherWorkload = in.bool("grafmuvi.tolerances.allow-other-workload");
    Injector injector =
        new Injector(
            orZero(in.percent("grafmuvi.injector.cpu-percent")),
            orZero(in.percent("grafmuvi.injector.gc-percent")),
            in.positiveDuration("grafmuvi.injector.sustained"));
    String resultsFolder = in.optionalString("grafmuvi.results-folder");
    if (url == null && "dataset".equals(data) && api != null && !"dataset".equals(api.graph())) {
      in.require(
          "grafmuvi.data",
          false,
          "asks for the dataset's movies, but the embedded API serves grafmuvi.api.graph = "
              + api.graph()
              + "; add -Dgrafmuvi.api.graph=dataset");
    }
    if (url != null && url.getRawUserInfo() != null && token != null) {
      in.refuse(
          "grafmuvi.secrets.token and the user-info of grafmuvi.base-url both authenticate the"
              + " requests; give one");
    }
    in.throwIfInvalid();

    Optional<Baseline> baseline =
        Optional.ofNullable(in.optionalString("grafmuvi.baseline"))
            .map(
                file ->
                    baseline(
                        in,
                        Path.of(file),
                        workloadDescription(profile, workload, mix, data),
                        tolerances,
                        allowOtherWorkload));
    in.throwIfInvalid();
    return new Settings(
        api.onLoopbackEphemeralPort(),
        url == null ? EMBEDDED : withoutUserInfo(url),
        allowedHosts,
        new Secrets(secretHeaders, token, url == null ? null : url.getRawUserInfo()),
        profile,
        workload,
        mix,
        data,
        movie,
        requestTimeout,
        expectRecommendations,
        thresholds,
        keptUpPercent,
        tolerances,
        baseline,
        injector,
        Optional.ofNullable(resultsFolder).map(Path::of));
  }

  /**
   * The baseline summary, read and checked before any request: readable, and of the same workload.
   */
  private static Baseline baseline(
      SettingsReader in,
      Path file,
      Map<String, Object> workload,
      Tolerances tolerances,
      boolean allowOtherWorkload) {
    Summary summary;
    try {
      summary = BaselineGate.read(file);
    } catch (SummaryFormatException e) {
      in.require(
          "grafmuvi.baseline",
          false,
          "must be the summary.json of an earlier run: " + e.getMessage());
      return null;
    }
    List<String> differences = BaselineGate.workloadDifferences(summary.workload(), workload);
    if (!differences.isEmpty() && !allowOtherWorkload) {
      in.require(
          "grafmuvi.baseline",
          false,
          "ran another workload ("
              + String.join("; ", differences)
              + "); compare like with like, or allow it on purpose with"
              + " -Dgrafmuvi.tolerances.allow-other-workload=true");
      return null;
    }
    return new Baseline(file, summary, BaselineGate.limits(summary, tolerances));
  }

  /** Every profile under grafmuvi.profiles, each validated, whether it is the one in use or not. */
  private static Map<String, Workload> profiles(SettingsReader in, Config config) {
    Map<String, Workload> out = new LinkedHashMap<>();
    if (!config.hasPath("grafmuvi.profiles")) {
      in.refuse(
          "grafmuvi.profiles is missing: it must hold the workload profiles (see grafmuvi.conf)");
      return out;
    }
    String selected =
        config.hasPath("grafmuvi.profile")
            ? String.valueOf(config.getValue("grafmuvi.profile").unwrapped())
            : null;
    for (String name : config.getObject("grafmuvi.profiles").keySet()) {
      String shape = "grafmuvi.profiles." + quoted(name);
      String model = in.oneOf(shape + ".model", MODELS);
      Workload w =
          model == null
              ? null
              : switch (model) {
                case "looping" -> looping(in, shape, name.equals(selected));
                case "steps" -> steps(in, shape);
                default -> spike(in, shape);
              };
      out.put(name, w);
    }
    return out;
  }

  private static Looping looping(SettingsReader in, String shape, boolean selected) {
    // The top-level overrides (grafmuvi.users, ...) apply to the profile in use only.
    java.util.function.UnaryOperator<String> key =
        k -> selected ? in.overridden("grafmuvi." + k, shape + "." + k) : shape + "." + k;
    Integer users = in.intAtLeast(key.apply("users"), 1);
    String rampKey = key.apply("ramp");
    Duration ramp = in.durationAtLeast(rampKey, Duration.ZERO);
    String durationKey = key.apply("duration");
    Duration duration = in.positiveDuration(durationKey);
    if (ramp != null && duration != null) {
      in.require(
          rampKey,
          ramp.compareTo(duration) <= 0,
          "must not be longer than " + durationKey + " (" + Durations.format(duration) + ")");
    }
    String pauseMinKey = key.apply("pause.min");
    Duration pauseMin = in.durationAtLeast(pauseMinKey, Duration.ZERO);
    String pauseMaxKey = key.apply("pause.max");
    Duration pauseMax = in.durationAtLeast(pauseMaxKey, Duration.ZERO);
    if (pauseMin != null && pauseMax != null) {
      in.require(
          pauseMaxKey,
          pauseMin.compareTo(pauseMax) <= 0,
          "must not be shorter than " + pauseMinKey + " (" + Durations.format(pauseMin) + ")");
    }
    return new Looping(orZero(users), ramp, duration, pauseMin, pauseMax);
  }

  private static Steps steps(SettingsReader in, String shape) {
    Integer start = in.intAtLeast(shape + ".start-rate", 1);
    Integer step = in.intAtLeast(shape + ".step", 1);
    Integer levels = in.intAtLeast(shape + ".levels", 1);
    Duration warmUp = in.durationAtLeast(shape + ".warm-up", Duration.ZERO);
    Duration level = in.positiveDuration(shape + ".level-duration");
    Duration rampBetween = in.durationAtLeast(shape + ".ramp-between", Duration.ZERO);
    return new Steps(orZero(start), orZero(step), orZero(levels), warmUp, level, rampBetween);
  }

  private static Spike spike(SettingsReader in, String shape) {
    Integer base = in.intAtLeast(shape + ".base-rate", 1);
    Integer peak = in.intAtLeast(shape + ".peak-rate", 1);
    if (base != null && peak != null) {
      in.require(
          shape + ".peak-rate",
          peak > base,
          "must be above " + shape + ".base-rate (" + base + ")");
    }
    return new Spike(
        orZero(base),
        orZero(peak),
        in.positiveDuration(shape + ".before"),
        in.positiveDuration(shape + ".burst"),
        in.positiveDuration(shape + ".after"));
  }

  private static Thresholds thresholds(SettingsReader in) {
    Double failedPercent = in.percent("grafmuvi.assertions.failed-percent");
    Duration p95 = in.positiveDuration("grafmuvi.assertions.p95");
    Duration p99 = in.positiveDuration("grafmuvi.assertions.p99");
    Duration perRequestP95 = in.positiveDuration("grafmuvi.assertions.per-request.p95");
    Duration perRequestP99 = in.positiveDuration("grafmuvi.assertions.per-request.p99");
    in.notAbove("grafmuvi.assertions.p95", p95, "grafmuvi.assertions.p99", p99);
    in.notAbove(
        "grafmuvi.assertions.per-request.p95",
        perRequestP95,
        "grafmuvi.assertions.per-request.p99",
        perRequestP99);
    return new Thresholds(orZero(failedPercent), p95, p99, perRequestP95, perRequestP99);
  }

  /** An http(s) URL whose host is allowed; null (with a problem recorded) otherwise. */
  private static URI target(
      SettingsReader in, String value, List<String> allowedHosts, Config config) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      uri = null;
    }
    boolean http =
        uri != null
            && uri.getScheme() != null
            && List.of("http", "https").contains(uri.getScheme().toLowerCase())
            && uri.getHost() != null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    if (!in.require(
        "grafmuvi.base-url",
        http,
        "must be \""
            + EMBEDDED
            + "\", a name under grafmuvi.targets "
            + config.getObject("grafmuvi.targets").keySet()
            + " or an absolute http(s) URL such as http://localhost:8082")) {
      return null;
    }
    String host = uri.getHost();
    if (allowedHosts != null
        && !in.require(
            "grafmuvi.base-url",
            isAllowed(host, allowedHosts),
            "its host "
                + host
                + " is not in grafmuvi.allowed-hosts "
                + allowedHosts
                + "; to load-test it, allow it with -Dgrafmuvi.allowed-hosts="
                + String.join(",", allowedHosts)
                + ","
                + host
                + " (or GRAFMUVI_ALLOWED_HOSTS)")) {
      return null;
    }
    return uri;
  }

  private static String withoutUserInfo(URI uri) {
    String s =
        uri.getScheme()
            + "://"
            + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
    return s.replaceAll("/+$", "");
  }

  /** Whether host is one of allowed, "loopback" standing for localhost, 127.0.0.0/8 and ::1. */
  static boolean isAllowed(String host, List<String> allowed) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String quoted(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : '"' + key.replace("\"", "\\\"") + '"';
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  public boolean embedded() {
    return EMBEDDED.equals(baseUrl);
  }

  /** The target as printed: the URL (never its user-info) or "embedded". */
  public String targetLabel() {
    return secrets.userInfo() == null
        ? baseUrl
        : baseUrl.replaceFirst("://", "://" + Secrets.MASK + "@");
  }

  /** What shapes the load: two runs are comparable when these are equal. */
  public Map<String, Object> workloadDescription() {
    return workloadDescription(profile, workload, mix, data);
  }

  private static Map<String, Object> workloadDescription(
      String profile, Workload workload, Mix mix, String data) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("profile", profile);
    out.putAll(
        workload.match(
            l ->
                ordered(
                    "users",
                    l.users(),
                    "ramp",
                    Durations.format(l.ramp()),
                    "duration",
                    Durations.format(l.duration()),
                    "pause",
                    Durations.format(l.pauseMin()) + " to " + Durations.format(l.pauseMax())),
            s ->
                ordered(
                    "rates",
                    Durations.format(s.warmUp())
                        + " warm-up at "
                        + s.startRate()
                        + " users/s, then "
                        + s.rateOfLevel(0)
                        + " to "
                        + s.rateOfLevel(s.levels() - 1)
                        + " users/s in "
                        + s.levels()
                        + " levels of "
                        + Durations.format(s.levelDuration())
                        + " with "
                        + Durations.format(s.rampBetween())
                        + " ramps"),
            s ->
                ordered(
                    "rates",
                    s.baseRate()
                        + " users/s for "
                        + Durations.format(s.before())
                        + ", "
                        + s.peakRate()
                        + " users/s for "
                        + Durations.format(s.burst())
                        + ", "
                        + s.baseRate()
                        + " users/s for "
                        + Durations.format(s.after()))));
    out.put(
        "mix",
        "status "
            + mix.status()
            + ", similar-by-id "
            + mix.similarById()
            + ", similar-by-title "
            + mix.similarByTitle()
            + ", promote "
            + mix.promote());
    out.put("data", data);
    return out;
  }

  /** The settings in force, for the console and the summaries (secrets masked). */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("base-url", targetLabel());
    out.put("allowed-hosts", allowedHosts);
    out.put("secrets", secrets.toString());
    out.putAll(workloadDescription());
    out.put("request-timeout", Durations.format(requestTimeout));
    out.put("expect-recommendations", expectRecommendations);
    out.put(
        "assertions",
        "KO <= "
            + thresholds.failedPercent()
            + " %, p95 <= "
            + Durations.format(thresholds.p95())
            + ", p99 <= "
            + Durations.format(thresholds.p99())
            + ", per request p95 <= "
            + Durations.format(thresholds.perRequestP95())
            + ", p99 <= "
            + Durations.format(thresholds.perRequestP99()));
    out.put("baseline", baseline.map(b -> b.file() + " (" + tolerances + ")").orElse("none"));
    if (embedded()) {
      out.put(
          "embedded-api",
          "graph "
              + api.graph()
              + ", ranking "
              + api.ranking()
              + ", response-delay "
              + Durations.format(api.responseDelay()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Settings" + describe();
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
