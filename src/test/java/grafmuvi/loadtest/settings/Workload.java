package grafmuvi.loadtest.settings;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of the load, named by a profile's {@code model}: each model knows its scenario, its
 * Gatling injection and when the run ends.
 */
public sealed interface Workload permits Looping, Steps, Spike {

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

  /** What shapes the load, for the printed settings and for comparing two runs. */
  Map<String, Object> describe();

  /** Looping users and their pauses, for the verdict line; empty for arrival-rate models. */
  default Optional<Looping> closedLoop() {
    return Optional.empty();
  }

  /** Whether the thresholds apply as Gatling assertions (a capacity run is read by its knee). */
  default boolean asserted() {
    return true;
  }
}
