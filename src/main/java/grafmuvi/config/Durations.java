package grafmuvi.config;

import java.time.Duration;

/**
 * The one way durations are written back to people: the largest whole unit, as in the settings
 * files.
 */
public final class Durations {

  private Durations() {}

  /** e.g. 2h, 5m, 100s, 250ms, 0ms. */
  public static String format(Duration d) {
    if (d == null) {
      return "null";
    }
    long ms = d.toMillis();
    if (ms > 0 && ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms > 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms > 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms > 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
