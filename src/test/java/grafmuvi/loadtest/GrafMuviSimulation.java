package grafmuvi.loadtest;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import grafmuvi.loadtest.endpoints.GrafMuviRequests;
import grafmuvi.loadtest.journeys.UserJourneys;
import grafmuvi.loadtest.live.Feed;
import grafmuvi.loadtest.logging.SecretMasker;
import grafmuvi.loadtest.movies.MovieData;
import grafmuvi.loadtest.results.Assertions;
import grafmuvi.loadtest.results.Baseline;
import grafmuvi.loadtest.run.Credentials;
import grafmuvi.loadtest.run.EmbeddedTarget;
import grafmuvi.loadtest.run.Preflight;
import grafmuvi.loadtest.run.RunControl;
import grafmuvi.loadtest.settings.Settings;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.Optional;

/**
 * The seed's Locust study in Gatling: users arriving over a ramp, each looping over three equally
 * weighted requests with a 5-9 s pause after each, until the run's duration is over. Other profiles
 * (grafmuvi.profile) reshape the load; every setting is in grafmuvi.conf.
 */
public class GrafMuviSimulation extends Simulation {

  // Settings, the baseline, the movies and what the injector can hold, checked before anything is
  // sent: a bad one ends the run here, naming the key. From now on the secrets are masked in logs.
  private final Settings settings = Settings.load();
  private final Optional<Baseline> baseline = Baseline.of(settings);
  private final MovieData movies = MovieData.of(settings);

  {
    Preflight.check(settings);
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

  // Around the load: the recorder behind the live page, the self-check, the summaries, the end.
  private final RunControl run = new RunControl(settings, baseline, target, getClass().getName());

  // Scenario: what each user does, one request picked by the mix at a time, each measured.
  private final GrafMuviRequests requests =
      new GrafMuviRequests(
          settings.requestTimeout(), settings.expectRecommendations(), Feed.checks());
  private final UserJourneys journeys = new UserJourneys(requests, movies.feeder(), run.feed());
  private final ScenarioBuilder users =
      scenario(settings.workload().scenarioName())
          .exec(run.feed().userStarts())
          .exec(settings.workload().user(run.eachRequest(journeys.oneRequest(settings.mix()))))
          .exec(run.feed().userEnds());

  {
    setUp(settings.workload().inject(users))
        .protocols(httpProtocol)
        .assertions(Assertions.of(settings, baseline))
        .maxDuration(settings.workload().maxDuration(settings.requestTimeout()));
  }

  @Override
  public void before() {
    run.starts();
  }

  @Override
  public void after() {
    run.ends();
  }
}
