package grafmuvi.loadtest.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import grafmuvi.api.ApiSettings;
import grafmuvi.config.Durations;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.config.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of GrafMuviSimulation, read once from grafmuvi.conf and grafmuvi-api.conf (with -D
 * and GRAFMUVI_* overrides) and checked before any request is sent: every profile and the embedded
 * API's settings included, all problems reported at once, each naming its key. Defaults live only
 * in the .conf files; each piece is its own small type.
 *
 * @param api the embedded API's settings, on 127.0.0.1 and an ephemeral port
 * @param target where the load goes
 * @param secrets what never appears in anything the run writes
 * @param profile the profile in use
 * @param workload its shape
 * @param mix how often each request chain is picked
 * @param movies which movies the requests ask about
 * @param requestTimeout a request unanswered after this is failed
 * @param expectRecommendations whether id and title answers must recommend something
 * @param thresholds the assertions and the verdict line's rule
 * @param baseline the summary.json of an earlier run to hold this one to (read by the results)
 * @param tolerances how much worse than the baseline a run may be
 * @param allowOtherWorkload whether a baseline of another workload is compared anyway
 * @param injector when the load generator warns about itself
 * @param live the live page and /metrics
 * @param resultsFolder Gatling's results folder (this run's folder gets the summaries); empty = no
 *     summaries
 */
public record Settings(
    ApiSettings api,
    Target target,
    Secrets secrets,
    String profile,
    Workload workload,
    Mix mix,
    Movies movies,
    Duration requestTimeout,
    boolean expectRecommendations,
    Thresholds thresholds,
    Optional<BaselineFile> baseline,
    Tolerances tolerances,
    boolean allowOtherWorkload,
    Injector injector,
    Live live,
    Optional<Path> resultsFolder) {

  /**
   * Reads the settings files under the JVM's system properties; throws {@link
   * InvalidSettingsException}.
   */
  public static Settings load() {
    return from(ConfigFactory.defaultOverrides().withFallback(reference()).resolve());
  }

  /** The project's settings files, unresolved: grafmuvi.conf, then the embedded API's. */
  public static Config reference() {
    return ConfigFactory.parseResources("grafmuvi.conf").withFallback(ApiSettings.reference());
  }

  /** Builds and checks the settings from a resolved config; reports every bad key at once. */
  public static Settings from(Config config) {
    SettingsReader in = new SettingsReader(config, reference().resolve());
    in.refuseUnknownKeys("grafmuvi", "grafmuvi.targets.");
    ApiSettings api = ApiSettings.read(in);
    Target target = Target.read(in);
    Secrets secrets = Secrets.read(in, target);
    Profiles.Profile profile = Profiles.read(in);
    Mix mix = Mix.read(in);
    Movies movies = Movies.read(in, target, api);
    Duration requestTimeout = in.positiveDuration("grafmuvi.request-timeout");
    Boolean expectRecommendations = in.bool("grafmuvi.expect-recommendations");
    Thresholds thresholds = Thresholds.read(in);
    Optional<BaselineFile> baseline =
        Optional.ofNullable(in.optionalString("grafmuvi.baseline"))
            .map(file -> new BaselineFile(Path.of(file), in.shown("grafmuvi.baseline")));
    Tolerances tolerances = Tolerances.read(in);
    Boolean allowOtherWorkload = in.bool("grafmuvi.tolerances.allow-other-workload");
    Injector injector = Injector.read(in);
    Live live = Live.read(in, target == null ? null : target.allowedHosts());
    Optional<Path> resultsFolder =
        Optional.ofNullable(in.optionalString("grafmuvi.results-folder")).map(Path::of);
    in.throwIfInvalid();
    return new Settings(
        api.onLoopbackEphemeralPort(),
        target,
        secrets,
        profile.name(),
        profile.workload(),
        mix,
        movies,
        requestTimeout,
        expectRecommendations,
        thresholds,
        baseline,
        tolerances,
        allowOtherWorkload,
        injector,
        live,
        resultsFolder);
  }

  /** What shapes the load: two runs are comparable when these are equal. */
  public Map<String, Object> workloadDescription() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("profile", profile);
    out.putAll(workload.describe());
    out.put("mix", mix.toString());
    out.put("data", movies.data());
    return out;
  }

  /** The settings in force, for the console and the summaries (secrets masked). */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("base-url", target.label());
    out.put("allowed-hosts", target.allowedHosts());
    out.put("secrets", secrets.toString());
    out.putAll(workloadDescription());
    out.put("request-timeout", Durations.format(requestTimeout));
    out.put("expect-recommendations", expectRecommendations);
    out.put("assertions", thresholds.toString());
    out.put("baseline", baseline.map(b -> b.path() + " (" + tolerances + ")").orElse("none"));
    out.put(
        "live",
        live.enabled()
            ? live.host() + ":" + (live.port() == 0 ? "a free port" : live.port())
            : "off");
    if (target.embedded()) {
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
}
