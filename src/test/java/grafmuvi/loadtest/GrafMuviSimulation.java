package grafmuvi.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;

import grafmuvi.loadtest.endpoints.GrafMuviRequests;
import grafmuvi.loadtest.journeys.UserJourneys;
import grafmuvi.loadtest.logging.SecretMasker;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The seed's Locust study in Gatling: users arriving over a ramp, each looping over three equally
 * weighted requests with a 5-9 s pause after each, until the run's duration is over. Other profiles
 * (grafmuvi.profile) reshape the load; every setting is in grafmuvi.conf.
 */
public class GrafMuviSimulation extends Simulation {

  // Settings and movies, read and checked before anything is sent; a bad one ends the run here,
  // naming the key.
  private final Settings settings = Settings.load();
  private final MovieData movies = MovieData.of(settings);

  // Target: a deployment, or the embedded API (bound to a free loopback port now, serving from
  // before()).
  private final Target target = Target.of(settings);

  // Protocol: no HTTP cache (Locust sends no If-None-Match), Gatling's unrecorded warm-up request
  // sent
  // to the target (not to the internet), paths sent as encoded here; credentials never printed.
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
      Workloads.users(settings.workload(), journeys.oneRequest(settings.mix()), levels);

  // The load generator watches itself; the run's results go beside Gatling's report.
  private final InjectorMonitor injector =
      new InjectorMonitor(settings.injector(), target.serverThreadPrefix());
  private final RunSummaries results = new RunSummaries(settings, getClass().getName());

  {
    setUp(Workloads.population(users, settings.workload()))
        .protocols(httpProtocol)
        .assertions(Assertions.of(settings))
        .maxDuration(Workloads.maxDuration(settings.workload(), settings.requestTimeout()));
  }

  @Override
  public void before() {
    SecretMasker.use(settings.secrets());
    System.out.println("GrafMuvi settings: " + settings.describe());
    System.out.println(
        "GrafMuvi target: "
            + (settings.embedded() ? target.baseUrl() + " (embedded API)" : settings.targetLabel())
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
    results.write(injector.report(), levels.report(), target.stats());
  }
}
