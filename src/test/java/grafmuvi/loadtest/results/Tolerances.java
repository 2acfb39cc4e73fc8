package grafmuvi.loadtest.results;

/**
 * How much worse than a baseline a run may be before the comparison fails it.
 *
 * @param p95WorsePercent p95 response time may be at most this many percent higher
 * @param p99WorsePercent p99 response time may be at most this many percent higher
 * @param koPointsWorse the KO percentage may be at most this many percentage points higher
 * @param throughputLowerPercent mean requests/s may be at most this many percent lower
 */
public record Tolerances(
    double p95WorsePercent, double p99WorsePercent, double koPointsWorse, double throughputLowerPercent) {

  /** The defaults of grafmuvi.tolerances in grafmuvi.conf. */
  public static final Tolerances DEFAULTS = grafmuvi.loadtest.Settings.defaultTolerances();

  public Tolerances {
    if (p95WorsePercent < 0 || p99WorsePercent < 0 || koPointsWorse < 0 || throughputLowerPercent < 0) {
      throw new IllegalArgumentException("tolerances must not be negative: " + this);
    }
    if (throughputLowerPercent > 100) {
      throw new IllegalArgumentException("throughputLowerPercent must be at most 100, got " + throughputLowerPercent);
    }
  }
}
