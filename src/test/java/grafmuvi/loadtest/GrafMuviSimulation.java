package grafmuvi.loadtest;

import grafmuvi.config.InvalidSettingsException;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.loadtest.results.RunResults;
import grafmuvi.loadtest.results.RunSpec;
import grafmuvi.loadtest.results.Threshold;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's Locust study in Gatling: users hatched over a ramp, each looping over three equally
 * weighted requests with a 5-9 s pause after each, until the run's duration is over. Other
 * profiles (grafmuvi.profile) reshape the load; see grafmuvi.conf.
 */
public class GrafMuviSimulation extends Simulation {

  // Request names: the rows of the report, stable across runs so that runs compare.
  public static final String STATUS = "status";
  public static final String SIMILAR_BY_ID = "similar by id";
  public static final String SIMILAR_BY_TITLE = "similar by title";
  public static final String PROMOTE = "promote";

  // Session keys.
  private static final String SENT_NANOS = "sentNanos";

  private static final ObjectMapper JSON = new ObjectMapper();

  // Settings, data and target: all refused here, before any request, when wrong.
  private final Settings settings = refusedUnlessValid(Settings::load);
  private final MovieData movies = refusedUnlessValid(() -> MovieData.of(settings));
  private final Target target = Target.of(settings);
  private final InjectorMonitor injector = new InjectorMonitor(settings.injector(), target.serverThreadPrefix());
  private final LevelRecorder levels = settings.workload() instanceof Settings.Steps steps
      ? new LevelRecorder(steps, settings.thresholds()) : null;

  {
    SecretMasker.use(settings.secrets());
    System.out.println("GrafMuvi settings: " + settings.describe());
    System.out.println("GrafMuvi target: " + target.baseUrl() + (settings.embedded() ? " (embedded API)" : "")
        + "; movies: " + movies.size());
  }

  // Protocol: no HTTP cache (Locust sends no If-None-Match), no warm-up request to the internet,
  // paths sent as encoded here.
  private final HttpProtocolBuilder httpProtocol = authorized(http
      .baseUrl(target.baseUrl())
      .acceptHeader("application/json")
      .userAgentHeader("GrafMuvi load test (Gatling)")
      .disableCaching()
      .disableWarmUp()
      .disableUrlEncoding());

  private HttpProtocolBuilder authorized(HttpProtocolBuilder protocol) {
    String token = settings.secrets().token();
    return token == null ? protocol : protocol.authorizationHeader("Bearer " + token);
  }

  // Checks: every answer is a 200 JSON object; the id and title answers recommend something.
  private List<CheckBuilder> jsonObject(int... statuses) {
    List<CheckBuilder> checks = new ArrayList<>();
    checks.add(statuses.length == 1 ? status().is(statuses[0])
        : status().in(java.util.Arrays.stream(statuses).boxed().toList()));
    checks.add(header("Content-Type").transform(GrafMuviSimulation::isJson).is(true).name("JSON content type"));
    checks.add(jsonPath("$").ofMap().exists().name("JSON object"));
    return checks;
  }

  private List<CheckBuilder> recommendations() {
    List<CheckBuilder> checks = jsonObject(200);
    if (settings.expectRecommendations()) {
      checks.add(jsonPath("$['1']").exists().name("at least one recommendation"));
    }
    return checks;
  }

  // Requests, one per endpoint.
  private final HttpRequestActionBuilder status = http(STATUS)
      .get("/status")
      .requestTimeout(settings.requestTimeout())
      .check(jsonObject(200));

  private final HttpRequestActionBuilder similarById = http(SIMILAR_BY_ID)
      .get("/api/id/#{" + MovieData.ID_SEGMENT + "}")
      .requestTimeout(settings.requestTimeout())
      .check(recommendations());

  private final HttpRequestActionBuilder similarByTitle = http(SIMILAR_BY_TITLE)
      .get("/api/title/#{" + MovieData.TITLE_SEGMENT + "}/#{" + MovieData.YEAR + "}")
      .requestTimeout(settings.requestTimeout())
      .check(recommendations());

  // A promotion the API's rules may refuse (400): both answers are the contract's.
  private final HttpRequestActionBuilder promote = http(PROMOTE)
      .post("/api/post/id")
      .header("Content-Type", "application/json")
      .body(StringBody(session -> promotionBody(session.getString(MovieData.IMDB_ID),
          session.getString(MovieData.OTHER_IMDB_ID))))
      .requestTimeout(settings.requestTimeout())
      .check(jsonObject(200, 400));

  // What a user does: one request, picked by the mix.
  private final ChainBuilder checkStatus = exec(status);
  private final ChainBuilder findSimilarById = feed(movies.randomMovies()).exec(similarById);
  private final ChainBuilder findSimilarByTitle = feed(movies.randomMovies()).exec(similarByTitle);
  private final ChainBuilder promoteSimilarity = feed(movies.randomPairs()).exec(promote);

  private ChainBuilder oneRequest() {
    Settings.Mix mix = settings.mix();
    List<Map.Entry<Integer, ChainBuilder>> weighted = new ArrayList<>();
    for (Map.Entry<Integer, ChainBuilder> e : List.of(Map.entry(mix.status(), checkStatus),
        Map.entry(mix.similarById(), findSimilarById), Map.entry(mix.similarByTitle(), findSimilarByTitle),
        Map.entry(mix.promote(), promoteSimilarity))) {
      if (e.getKey() > 0) {
        weighted.add(e);
      }
    }
    if (weighted.size() == 1) {
      return weighted.get(0).getValue();
    }
    double total = weighted.stream().mapToInt(Map.Entry::getKey).sum();
    List<Choice.WithWeight> choices = new ArrayList<>();
    for (Map.Entry<Integer, ChainBuilder> e : weighted.subList(0, weighted.size() - 1)) {
      choices.add(percent(100.0 * e.getKey() / total).then(e.getValue()));
    }
    return randomSwitchOrElse().on(choices).orElse(weighted.get(weighted.size() - 1).getValue());
  }

  // Scenario: the seed's looping users, or one request per arriving user for the rate profiles.
  private ScenarioBuilder users() {
    if (settings.workload() instanceof Settings.Looping l) {
      return scenario("GrafMuvi users").forever().on(exec(oneRequest()).pause(l.pauseMin(), l.pauseMax()));
    }
    if (levels != null) {
      return scenario("GrafMuvi arrivals")
          .exec(session -> session.set(SENT_NANOS, System.nanoTime()))
          .exec(oneRequest())
          .exec(session -> {
            long sent = session.getLong(SENT_NANOS);
            levels.record(sent, (int) ((System.nanoTime() - sent) / 1_000_000), session.isFailed());
            return session;
          });
    }
    return scenario("GrafMuvi arrivals").exec(oneRequest());
  }

  private PopulationBuilder population() {
    Settings.Workload w = settings.workload();
    if (w instanceof Settings.Looping l) {
      return users().injectOpen(rampUsers(l.users()).during(l.ramp()));
    }
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (w instanceof Settings.Steps s) {
      if (!s.warmUp().isZero()) {
        steps.add(constantUsersPerSec(s.startRate()).during(s.warmUp()));
      }
      for (int level = 0; level < s.levels(); level++) {
        steps.add(constantUsersPerSec(s.rateOfLevel(level)).during(s.levelDuration()));
        if (level + 1 < s.levels() && !s.rampBetween().isZero()) {
          steps.add(rampUsersPerSec(s.rateOfLevel(level)).to(s.rateOfLevel(level + 1)).during(s.rampBetween()));
        }
      }
    } else if (w instanceof Settings.Spike s) {
      steps.add(constantUsersPerSec(s.baseRate()).during(s.before()));
      steps.add(constantUsersPerSec(s.peakRate()).during(s.burst()));
      steps.add(constantUsersPerSec(s.baseRate()).during(s.after()));
    }
    return users().injectOpen(steps);
  }

  // Thresholds: Gatling asserts them (a breach fails the run and the build); after the report,
  // summary.json, junit.xml and summary.md are written beside it and any baseline is compared.
  // A capacity run is read by its knee instead.
  private List<Threshold> thresholds() {
    if (levels != null) {
      return List.of();
    }
    Settings.Thresholds t = settings.thresholds();
    List<Threshold> out = new ArrayList<>(List.of(
        Threshold.global(Threshold.Metric.FAILED_PERCENT, t.failedPercent()),
        Threshold.global(Threshold.Metric.P95, t.p95().toMillis()),
        Threshold.global(Threshold.Metric.P99, t.p99().toMillis())));
    for (String request : requestNames()) {
      out.add(Threshold.request(request, Threshold.Metric.P95, t.perRequestP95().toMillis()));
      out.add(Threshold.request(request, Threshold.Metric.P99, t.perRequestP99().toMillis()));
    }
    return out;
  }

  private final RunSpec results = new RunSpec(
      getClass().getName(), settings.describe(), thresholds(), settings.tolerances(), settings.baseline());

  {
    RunResults.afterReport(results);
    RunResults.addSection("injector", injector::report);
    if (levels != null) {
      RunResults.addSection("capacity", levels::report);
    }
    target.stats().ifPresent(stats -> RunResults.addSection("embedded API", stats));
  }

  /** The requests this mix sends, in report order. */
  private List<String> requestNames() {
    Settings.Mix mix = settings.mix();
    List<String> names = new ArrayList<>();
    if (mix.status() > 0) names.add(STATUS);
    if (mix.similarById() > 0) names.add(SIMILAR_BY_ID);
    if (mix.similarByTitle() > 0) names.add(SIMILAR_BY_TITLE);
    if (mix.promote() > 0) names.add(PROMOTE);
    return names;
  }

  {
    SetUp setUp = setUp(population()).protocols(httpProtocol).assertions(results.gatlingAssertions());
    if (settings.workload() instanceof Settings.Looping l) {
      setUp.maxDuration(l.duration());
    }
  }

  @Override
  public void before() {
    target.start();
    // The embedded API stops when the Gatling JVM exits, after the report: Gatling calls after()
    // while the last requests of stopped users may still be on their way.
    Runtime.getRuntime().addShutdownHook(new Thread(target::close, "grafmuvi-embedded-api-stop"));
    injector.start();
    if (levels != null) {
      levels.start();
    }
  }

  @Override
  public void after() {
    injector.close();
    System.out.println(injector.line());
    target.stats().ifPresent(stats -> System.out.println("Embedded API: " + stats.get()));
    if (levels != null) {
      System.out.println(levels.table());
    }
  }

  /**
   * A refused setting ends a Gatling run here with one clear message and exit status 3, so that
   * CI can tell it from a failed threshold (2) or a crash (1); elsewhere (tests) it is thrown.
   */
  private static <T> T refusedUnlessValid(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidSettingsException e) {
      if (!RunResults.inGatlingRun()) {
        throw e;
      }
      System.err.println("grafmuvi: " + e.getMessage());
      System.err.println("grafmuvi: nothing was sent; exit status " + RunResults.EXIT_INVALID_SETTINGS + " (invalid settings)");
      System.err.flush();
      Runtime.getRuntime().halt(RunResults.EXIT_INVALID_SETTINGS);
      throw e;
    }
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  private static String promotionBody(String id1, String id2) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id1", id1);
    body.put("id2", id2);
    body.put("downgrade", false);
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
