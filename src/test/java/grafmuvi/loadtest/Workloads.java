package grafmuvi.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Each profile's model as a Gatling scenario, injection and maximum duration. */
final class Workloads {

  private Workloads() {}

  /**
   * Looping users do one request chain, pause, and loop until the run ends; arriving users (the
   * rate profiles) do one request chain and leave, timed for the capacity levels.
   */
  static ScenarioBuilder users(
      Settings.Workload workload, ChainBuilder oneRequest, CapacityLevels levels) {
    return workload.match(
        l -> scenario("GrafMuvi users").forever().on(oneRequest.pause(l.pauseMin(), l.pauseMax())),
        s -> scenario("GrafMuvi arrivals").exec(levels.timed(oneRequest)),
        s -> scenario("GrafMuvi arrivals").exec(oneRequest));
  }

  /** The profile's injection, open model throughout. */
  static PopulationBuilder population(ScenarioBuilder users, Settings.Workload workload) {
    return workload.match(
        l -> users.injectOpen(rampUsers(l.users()).during(l.ramp())),
        s -> users.injectOpen(steps(s)),
        s ->
            users.injectOpen(
                constantUsersPerSec(s.baseRate()).during(s.before()),
                constantUsersPerSec(s.peakRate()).during(s.burst()),
                constantUsersPerSec(s.baseRate()).during(s.after())));
  }

  /**
   * An unmeasured warm-up at the start rate, then Gatling's stairs: (level, ramp)* and a last
   * level.
   */
  private static List<OpenInjectionStep> steps(Settings.Steps s) {
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (!s.warmUp().isZero()) {
      steps.add(constantUsersPerSec(s.startRate()).during(s.warmUp()));
    }
    steps.add(
        incrementUsersPerSec(s.step())
            .times(s.levels())
            .eachLevelLasting(s.levelDuration())
            .separatedByRampsLasting(s.rampBetween())
            .startingFrom(s.startRate()));
    return steps;
  }

  /**
   * When the run stops: a looping run at its duration; a rate profile when the last user has
   * arrived and its request had its full timeout to end, so every run ends in bounded time.
   */
  static Duration maxDuration(Settings.Workload workload, Duration requestTimeout) {
    return workload.match(
        Settings.Looping::duration,
        s ->
            s.warmUp()
                .plus(s.levelDuration().multipliedBy(s.levels()))
                .plus(s.rampBetween().multipliedBy(s.levels() - 1))
                .plus(requestTimeout),
        s -> s.before().plus(s.burst()).plus(s.after()).plus(requestTimeout));
  }
}
