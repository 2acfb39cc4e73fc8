package grafmuvi.loadtest.settings;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import grafmuvi.config.Durations;
import grafmuvi.config.SettingsReader;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Steady arrivals (users/s, one request each), a burst at the peak rate, steady again. */
public record Spike(int baseRate, int peakRate, Duration before, Duration burst, Duration after)
    implements Workload {

  static Spike read(SettingsReader in, String shape) {
    Integer base = in.intAtLeast(shape + ".base-rate", 1);
    Integer peak = in.intAtLeast(shape + ".peak-rate", 1);
    Duration before = in.positiveDuration(shape + ".before");
    Duration burst = in.positiveDuration(shape + ".burst");
    Duration after = in.positiveDuration(shape + ".after");
    if (base != null && peak != null) {
      in.require(
          shape + ".peak-rate",
          peak > base,
          "must be above " + shape + ".base-rate (" + base + ")");
    }
    return SettingsReader.allRead(base, peak, before, burst, after) && peak > base
        ? new Spike(base, peak, before, burst, after)
        : null;
  }

  @Override
  public String scenarioName() {
    return "GrafMuvi arrivals";
  }

  @Override
  public ChainBuilder user(ChainBuilder oneRequest) {
    return oneRequest;
  }

  @Override
  public PopulationBuilder inject(ScenarioBuilder users) {
    return users.injectOpen(
        constantUsersPerSec(baseRate).during(before),
        constantUsersPerSec(peakRate).during(burst),
        constantUsersPerSec(baseRate).during(after));
  }

  @Override
  public Duration maxDuration(Duration requestTimeout) {
    return before.plus(burst).plus(after).plus(requestTimeout);
  }

  @Override
  public Duration plannedDuration() {
    return before.plus(burst).plus(after);
  }

  @Override
  public List<Phase> phases() {
    long b = before.toSeconds();
    long p = b + burst.toSeconds();
    return List.of(
        new Phase("before", Phase.Kind.STEADY, 0, b, 0, baseRate, null),
        new Phase("burst", Phase.Kind.LEVEL, b, p, 0, peakRate, null),
        new Phase("after", Phase.Kind.STEADY, p, p + after.toSeconds(), 0, baseRate, null));
  }

  @Override
  public long connections(Duration answer) {
    return Steps.inFlight(peakRate, answer);
  }

  @Override
  public String connectionsKey(String profile) {
    return "grafmuvi.profiles." + profile + ".peak-rate";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of(
        "rates",
        baseRate
            + " users/s for "
            + Durations.format(before)
            + ", "
            + peakRate
            + " users/s for "
            + Durations.format(burst)
            + ", "
            + baseRate
            + " users/s for "
            + Durations.format(after));
  }
}
