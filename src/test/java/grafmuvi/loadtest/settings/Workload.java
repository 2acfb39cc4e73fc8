package grafmuvi.loadtest.settings;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of the load, named by a profile's {@code model}: each model knows its scenario, its
 * Gatling injection and when the run ends.
 */
public sealed interface Workload permits Looping, Steps, Spike, Stairs {

  /** The scenario's name in Gatling's report. */
  String scenarioName();

  /** What one virtual user does with a request chain picked by the mix. */
  ChainBuilder user(ChainBuilder oneRequest);

  /** The users of the scenario, injected as this model does (open model throughout). */
  PopulationBuilder inject(ScenarioBuilder users);

  /**
   * When Gatling stops the run at the latest, so that every run ends in bounded time whatever the
   * target does.
   */
  Duration maxDuration(Duration requestTimeout);

  /** How long the load is planned to last (the run may end up to a request timeout later). */
  Duration plannedDuration();

  /** The ramps, steady states and levels of the run, in order. */
  List<Phase> phases();

  /**
   * The most connections the injector holds at once when every answer takes this long: one per
   * looping user; for arrivals, those in flight at the peak rate.
   */
  long connections(Duration answer);

  /** The setting that sets {@link #connections} in profile, for a refusal to name. */
  String connectionsKey(String profile);

  /** What shapes the load, for the printed settings and for comparing two runs. */
  Map<String, Object> describe();

  /** The longest think time of a user after a request (zero for arrivals: they do not loop). */
  default Duration longestPause() {
    return Duration.ZERO;
  }

  /** Looping users and their pauses, for the verdict line; empty for arrival-rate models. */
  default Optional<Looping> closedLoop() {
    return Optional.empty();
  }

  /** Whether the run climbs levels, each judged: then its answer is how high it kept up. */
  default boolean climbs() {
    return false;
  }

  /** Whether the run stops after the first level that did not keep up (Gatling's own stop). */
  default boolean stopsAtFirstMiss() {
    return false;
  }

  /** Whether the thresholds apply as Gatling assertions (a stair run is read by its levels). */
  default boolean asserted() {
    return true;
  }
}
