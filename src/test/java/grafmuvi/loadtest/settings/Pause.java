package grafmuvi.loadtest.settings;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.forever;

import grafmuvi.config.Durations;
import grafmuvi.config.SettingsReader;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/** A looping user's think time after each request: uniform between min and max. */
public record Pause(Duration min, Duration max) {

  /** Reads the pause at these keys: each at least 0, min not above max; null when refused. */
  static Pause read(SettingsReader in, String minKey, String maxKey) {
    Duration min = in.durationAtLeast(minKey, Duration.ZERO);
    Duration max = in.durationAtLeast(maxKey, Duration.ZERO);
    if (min == null || max == null) {
      return null;
    }
    return in.require(
            maxKey,
            min.compareTo(max) <= 0,
            "must not be shorter than " + minKey + " (" + Durations.format(min) + ")")
        ? new Pause(min, max)
        : null;
  }

  /** The mean pause in seconds. */
  public double meanSeconds() {
    return (min.toMillis() + max.toMillis()) / 2000.0;
  }

  /** A user who does oneRequest, pauses, and again, until the run stops it: the seed's user. */
  ChainBuilder looping(ChainBuilder oneRequest) {
    return exec(forever().on(exec(oneRequest).pause(min, max)));
  }

  @Override
  public String toString() {
    return Durations.format(min) + " to " + Durations.format(max);
  }
}
