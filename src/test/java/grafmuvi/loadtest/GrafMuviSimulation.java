package grafmuvi.loadtest;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import grafmuvi.loadtest.endpoints.GrafMuviRequests;
import grafmuvi.loadtest.journeys.UserJourneys;
import grafmuvi.loadtest.logging.SecretMasker;
import grafmuvi.loadtest.movies.MovieData;
import grafmuvi.loadtest.results.Assertions;
import grafmuvi.loadtest.results.Baseline;
import grafmuvi.loadtest.results.RunSummaries;
import grafmuvi.loadtest.results.RunSummary;
import grafmuvi.loadtest.run.CapacityLevels;
import grafmuvi.loadtest.run.Credentials;
import grafmuvi.loadtest.run.EmbeddedTarget;
import grafmuvi.loadtest.run.InjectorMonitor;
import grafmuvi.loadtest.settings.Settings;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's Locust study in Gatling: users arriving over a ramp, each looping over three equally
 * weighted requests with a 5-9 s pause after each, until the run's duration is over. Other profiles
 * (grafmuvi.profile) reshape the load; every setting is in grafmuvi.conf.
 */
public class GrafMuviSimulation extends Simulation {

  // Settings, the baseline and the movies, read and checked before anything is sent; a bad one
  // ends the run here, naming the key. From now on the secrets are masked in every log.
  private final Settings settings = Settings.load();
  private final Optional<Baseline> baseline = Baseline.of(settings);
  private final MovieData movies = MovieData.of(settings);

  {
    SecretMasker.use(settings.secrets().headers(), settings.secrets().values());
  }

  // Target: a deployment, or the embedded API (bound to a free loopback port now, serving from
  // before()).
  private final EmbeddedTarget target = EmbeddedTarget.of(settings);

  // Protocol: no HTTP cache (Locust sends no If-None-Match), Gatling's unrecorded warm-up request
  // sent to the target (not to the internet), paths sent as encoded here; credentials never shown.
  private final HttpProtocolBuilder httpProtocol =
      Credentials.applied(
          http.baseUrl(target.baseUrl())
              .acceptHeader("application/json")
              .userAgentHeader("GrafMuvi load test (Gatling)")
              .disableCaching()
              .warmUp(target.baseUrl() + "/status")
              .disableUrlEncoding(),
          settings.secrets());

  // Scenario: what each user does, picked by the mix; the capacity profile times its levels.
  private final GrafMuviRequests requests =
      new GrafMuviRequests(settings.requestTimeout(), settings.expectRecommendations());
  private final UserJourneys journeys = new UserJourneys(requests, movies.feeder());
  private final CapacityLevels levels = CapacityLevels.of(settings);
  private final ScenarioBuilder users =
      scenario(settings.workload().scenarioName())
          .exec(settings.workload().user(levels.timed(journeys.oneRequest(settings.mix()))));

  // The load generator watches itself; the run's results go beside Gatling's report.
  private final InjectorMonitor injector =
      new InjectorMonitor(settings.injector(), target.serverThreadPrefix());
  private final RunSummaries results =
      new RunSummaries(
          settings.resultsFolder(), getClass().getName(), RunSummary.Facts.of(settings, baseline));

  {
    setUp(settings.workload().inject(users))
        .protocols(httpProtocol)
        .assertions(Assertions.of(settings, baseline))
        .maxDuration(settings.workload().maxDuration(settings.requestTimeout()));
  }

  @Override
  public void before() {
    System.out.println("GrafMuvi settings: " + settings.describe());
    System.out.println(
        "GrafMuvi target: "
            + (settings.target().embedded()
                ? target.baseUrl() + " (embedded API)"
                : settings.target().label())
            + "; movies: "
            + movies.size());
    results.runStarts();
    target.start();
    injector.start();
  }

  @Override
  public void after() {
    injector.close();
    System.out.println(injector.line());
    target.stats().ifPresent(stats -> System.out.println("Embedded API: " + stats));
    levels.table().ifPresent(System.out::println);
    Map<String, Object> sections = new LinkedHashMap<>();
    sections.put("injector", injector.report());
    levels.report().ifPresent(c -> sections.put("capacity", c));
    target.stats().ifPresent(a -> sections.put("embedded API", a));
    results.write(sections);
  }
}
