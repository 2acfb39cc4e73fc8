package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;

/**
 * How much worse than a baseline a run may be (grafmuvi.tolerances), and the limits that follow
 * from a baseline's figures: the one place these formulas live, for the in-run gate and for
 * CompareSummaries. (Whether a baseline of another workload is allowed is {@link
 * Settings#allowOtherWorkload()}.)
 *
 * @param p95WorsePercent p95 may be at most this many percent higher
 * @param p99WorsePercent p99 may be at most this many percent higher
 * @param koPointsWorse the KO percentage may be at most this many points higher
 * @param throughputLowerPercent mean requests/s may be at most this many percent lower
 */
public record Tolerances(
    double p95WorsePercent,
    double p99WorsePercent,
    double koPointsWorse,
    double throughputLowerPercent) {

  /** Times have millisecond resolution: a limit is never tighter than the baseline plus this. */
  public static final int TIME_RESOLUTION_MS = 1;

  /** Reads grafmuvi.tolerances.*; null when one is refused (the reader holds the problem). */
  public static Tolerances read(SettingsReader in) {
    Double p95 = in.doubleAtLeast("grafmuvi.tolerances.p95-worse-percent", 0);
    Double p99 = in.doubleAtLeast("grafmuvi.tolerances.p99-worse-percent", 0);
    Double ko = in.doubleAtLeast("grafmuvi.tolerances.failed-points-worse", 0);
    Double rps = in.percent("grafmuvi.tolerances.throughput-lower-percent");
    return SettingsReader.allRead(p95, p99, ko, rps) ? new Tolerances(p95, p99, ko, rps) : null;
  }

  /** The defaults of grafmuvi.conf, for tools that compare files without running. */
  public static Tolerances defaults() {
    var reference = Settings.reference().resolve();
    SettingsReader in = new SettingsReader(reference, reference);
    Tolerances t = read(in);
    in.throwIfInvalid();
    return t;
  }

  /**
   * The highest p95 still a pass, in whole ms: baseline + the tolerance, at least baseline + 1 ms.
   */
  public int p95Limit(int baselineMs) {
    return timeLimit(baselineMs, p95WorsePercent);
  }

  public int p99Limit(int baselineMs) {
    return timeLimit(baselineMs, p99WorsePercent);
  }

  /** The highest KO percentage still a pass. */
  public double koLimit(double baselineKoPercent) {
    return Math.min(100.0, baselineKoPercent + koPointsWorse);
  }

  /** The lowest mean requests/s still a pass. */
  public double rpsFloor(double baselineRps) {
    return baselineRps * (1 - throughputLowerPercent / 100);
  }

  private static int timeLimit(int baselineMs, double percent) {
    return (int)
        Math.max(Math.floor(baselineMs * (1 + percent / 100)), baselineMs + TIME_RESOLUTION_MS);
  }
}
