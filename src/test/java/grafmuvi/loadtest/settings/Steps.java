package grafmuvi.loadtest.settings;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;

import grafmuvi.config.Durations;
import grafmuvi.config.SettingsReader;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The capacity model: an arrival rate (users/s, one request each, no think time) raised level by
 * level on Gatling's stairs, after an unmeasured warm-up at the start rate. Read by its levels, not
 * by assertions.
 */
public record Steps(
    int startRate,
    int step,
    int levels,
    Duration warmUp,
    Duration levelDuration,
    Duration rampBetween)
    implements Workload {

  static Steps read(SettingsReader in, String shape) {
    Integer start = in.intAtLeast(shape + ".start-rate", 1);
    Integer step = in.intAtLeast(shape + ".step", 1);
    Integer levels = in.intAtLeast(shape + ".levels", 1);
    Duration warmUp = in.durationAtLeast(shape + ".warm-up", Duration.ZERO);
    Duration level = in.positiveDuration(shape + ".level-duration");
    Duration rampBetween = in.durationAtLeast(shape + ".ramp-between", Duration.ZERO);
    return SettingsReader.allRead(start, step, levels, warmUp, level, rampBetween)
        ? new Steps(start, step, levels, warmUp, level, rampBetween)
        : null;
  }

  /** The arrival rate of level (0-based). */
  public int rateOfLevel(int level) {
    return startRate + level * step;
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
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (!warmUp.isZero()) {
      steps.add(constantUsersPerSec(startRate).during(warmUp));
    }
    steps.add(
        incrementUsersPerSec(step)
            .times(levels)
            .eachLevelLasting(levelDuration)
            .separatedByRampsLasting(rampBetween)
            .startingFrom(startRate));
    return users.injectOpen(steps);
  }

  /** The last user arrives at the end of the last level; its request gets its full timeout. */
  @Override
  public Duration maxDuration(Duration requestTimeout) {
    return warmUp
        .plus(levelDuration.multipliedBy(levels))
        .plus(rampBetween.multipliedBy(levels - 1))
        .plus(requestTimeout);
  }

  @Override
  public Duration plannedDuration() {
    return maxDuration(Duration.ZERO);
  }

  /** The warm-up, then each level and the ramps between them. */
  @Override
  public List<Phase> phases() {
    List<Phase> out = new ArrayList<>();
    long at = warmUp.toSeconds();
    if (at > 0) {
      out.add(new Phase("warm-up", Phase.Kind.WARM_UP, 0, at, 0, startRate, "warm-up"));
    }
    for (int level = 0; level < levels; level++) {
      long end = at + levelDuration.toSeconds();
      String name = "level " + (level + 1) + ": " + rateOfLevel(level) + " users/s";
      out.add(new Phase(name, Phase.Kind.LEVEL, at, end, 0, rateOfLevel(level), name));
      at = end;
      if (level < levels - 1 && !rampBetween.isZero()) {
        out.add(new Phase("ramp", Phase.Kind.RAMP, at, at + rampBetween.toSeconds(), 0, 0, "ramp"));
        at += rampBetween.toSeconds();
      }
    }
    return out;
  }

  /** In flight at the top rate when every answer takes that long. */
  @Override
  public long connections(Duration answer) {
    return inFlight(rateOfLevel(levels - 1), answer);
  }

  @Override
  public String connectionsKey(String profile) {
    return "grafmuvi.profiles." + profile + ".step";
  }

  /** Requests in flight at rate (per second) when each takes latency. */
  static long inFlight(int rate, Duration latency) {
    return Math.max(1, (long) Math.ceil(rate * latency.toMillis() / 1000.0));
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of(
        "rates",
        Durations.format(warmUp)
            + " warm-up at "
            + startRate
            + " users/s, then "
            + rateOfLevel(0)
            + " to "
            + rateOfLevel(levels - 1)
            + " users/s in "
            + levels
            + " levels of "
            + Durations.format(levelDuration)
            + " with "
            + Durations.format(rampBetween)
            + " ramps");
  }

  @Override
  public boolean asserted() {
    return false;
  }

  @Override
  public boolean climbs() {
    return true;
  }
}
