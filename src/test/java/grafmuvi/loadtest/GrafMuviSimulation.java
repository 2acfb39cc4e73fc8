package grafmuvi.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's Locust study in Gatling: users hatched over a ramp, each looping over three equally
 * weighted requests with a uniform pause after each, until the run's duration is over.
 */
public class GrafMuviSimulation extends Simulation {

  // Request names: the rows of the report, stable across runs so that runs compare.
  static final String STATUS = "status";
  static final String SIMILAR_BY_ID = "similar by id";
  static final String SIMILAR_BY_TITLE = "similar by title";

  // Settings: grafmuvi.conf with -D and GRAFMUVI_* overrides, refused here before any request.
  private final Settings settings = Settings.load();
  private final Target target = Target.of(settings);

  {
    System.out.println("GrafMuvi settings: " + settings.describe());
    System.out.println("GrafMuvi target: " + target.baseUrl());
  }

  // Protocol: no HTTP cache (Locust sends no If-None-Match), no warm-up request to the internet.
  private final HttpProtocolBuilder httpProtocol = http
      .baseUrl(target.baseUrl())
      .acceptHeader("application/json")
      .userAgentHeader("GrafMuvi load test (Gatling)")
      .disableCaching()
      .disableWarmUp()
      .disableUrlEncoding();

  // Checks every answer gets; the id and title answers must also recommend something.
  private final List<CheckBuilder> jsonObjectChecks = List.of(
      status().is(200),
      header("Content-Type").transform(GrafMuviSimulation::isJson).is(true).name("JSON content type"),
      jsonPath("$").ofMap().exists().name("JSON object"));

  private List<CheckBuilder> recommendationChecks() {
    List<CheckBuilder> checks = new ArrayList<>(jsonObjectChecks);
    if (settings.expectRecommendations()) {
      checks.add(jsonPath("$['1']").exists().name("at least one recommendation"));
    }
    return checks;
  }

  // Requests, one per endpoint.
  private final HttpRequestActionBuilder status = http(STATUS)
      .get("/status")
      .requestTimeout(settings.requestTimeout())
      .check(jsonObjectChecks);

  private final HttpRequestActionBuilder similarById = http(SIMILAR_BY_ID)
      .get("/api/id/" + pathSegment(settings.movie().imdbId()))
      .requestTimeout(settings.requestTimeout())
      .check(recommendationChecks());

  private final HttpRequestActionBuilder similarByTitle = http(SIMILAR_BY_TITLE)
      .get("/api/title/" + pathSegment(settings.movie().title()) + "/" + settings.movie().year())
      .requestTimeout(settings.requestTimeout())
      .check(recommendationChecks());

  // What a user does: one of the three, equally likely, then think for pause.min to pause.max.
  private final ChainBuilder browse = uniformRandomSwitch()
      .on(exec(status), exec(similarById), exec(similarByTitle))
      .pause(settings.pauseMin(), settings.pauseMax());

  private final ScenarioBuilder seedUsers = scenario("GrafMuvi seed users")
      .forever().on(browse);

  // Assertions: a breach fails the run and the build.
  private List<Assertion> assertions() {
    Settings.Thresholds t = settings.thresholds();
    List<Assertion> out = new ArrayList<>(List.of(
        global().failedRequests().percent().lt(t.failedPercent()),
        global().responseTime().percentile(95).lte((int) t.p95().toMillis()),
        global().responseTime().percentile(99).lte((int) t.p99().toMillis())));
    for (String request : List.of(STATUS, SIMILAR_BY_ID, SIMILAR_BY_TITLE)) {
      out.add(details(request).responseTime().percentile(95).lte((int) t.perRequestP95().toMillis()));
      out.add(details(request).responseTime().percentile(99).lte((int) t.perRequestP99().toMillis()));
    }
    return out;
  }

  {
    setUp(seedUsers.injectOpen(rampUsers(settings.users()).during(settings.ramp())))
        .protocols(httpProtocol)
        .assertions(assertions())
        .maxDuration(settings.duration());
  }

  @Override
  public void before() {
    target.start();
  }

  @Override
  public void after() {
    target.close();
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  /** Percent-encodes one path segment: a space becomes %20, a slash %2F. */
  static String pathSegment(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
