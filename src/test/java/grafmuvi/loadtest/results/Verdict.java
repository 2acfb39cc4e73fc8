package grafmuvi.loadtest.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one rule that says whether the API kept up, for a looping run's steady state (the verdict
 * line) and for each level of a stair run: the requests/s must reach a share of what the workload
 * sends at most (users / mean pause, or the arrival rate), failed requests stay within the
 * failed-requests threshold and, where ceilings are given (levels), p95 and p99 within them. It
 * describes; Gatling's assertions decide the build. Failures that are the injector's own (it ran
 * out of open files or ports), or an injector whose CPU was saturated, make it "injector-bound":
 * then the figures say nothing about the API.
 *
 * @param keptUp whether the API kept up
 * @param injectorBound whether the injector, not the API, was the limit
 * @param label "kept up", "fell behind", "failed", "too slow", a combination ("fell behind and
 *     failed"), or "injector-bound"
 * @param words the outcome with its figures, e.g. "fell behind (107.2 of 142.9 requests/s, 75.0 %,
 *     0 KO)"
 */
public record Verdict(boolean keptUp, boolean injectorBound, String label, String words) {

  public static final String KEPT_UP = "kept up";
  public static final String INJECTOR_BOUND = "injector-bound";

  /**
   * What was measured over a stretch of the run.
   *
   * @param rate requests per second
   * @param limit requests/s the workload sends at most; null when unbounded (no pause)
   * @param requests requests in the stretch
   * @param failed failed requests in it
   * @param p95 95th percentile of the answers (ms), null when unknown
   * @param p99 99th percentile (ms), null when unknown
   * @param injectorFailed how many of the failures were the injector's own
   * @param injectorCause that error, e.g. "out of open files: Too many open files"; null when none
   * @param injectorSaturated whether the injector's CPU stayed above its threshold
   */
  public record Figures(
      double rate,
      Double limit,
      long requests,
      long failed,
      Integer p95,
      Integer p99,
      long injectorFailed,
      String injectorCause,
      boolean injectorSaturated) {

    public double koPercent() {
      return requests == 0 ? 0 : 100.0 * failed / requests;
    }

    public Double percentOfLimit() {
      return limit == null || limit == 0 ? null : 100.0 * rate / limit;
    }
  }

  /**
   * The rule's bounds: the share of the limit to reach, the KO % not to exceed, and the p95/p99
   * ceilings in ms (null: not judged on latency, as the whole run's line, where assertions do it).
   */
  public record Rule(
      double keptUpPercent, double maxKoPercent, Integer p95Ceiling, Integer p99Ceiling) {}

  /** Judges figures by the rule. */
  public static Verdict judge(Figures f, Rule rule) {
    String figures = figures(f);
    if (f.injectorSaturated() || (f.injectorFailed() > 0 && f.koPercent() > rule.maxKoPercent())) {
      return new Verdict(false, true, INJECTOR_BOUND, injectorWords(f) + " (" + figures + ")");
    }
    List<String> missed = new ArrayList<>();
    List<String> words = new ArrayList<>();
    if (f.percentOfLimit() != null && f.percentOfLimit() < rule.keptUpPercent()) {
      missed.add("fell behind");
      words.add("fell behind");
    }
    if (f.koPercent() > rule.maxKoPercent()) {
      missed.add("failed");
      words.add(
          String.format(
              Locale.ROOT,
              "failed %s %% of requests (limit %s %%)",
              Fmt.num(f.koPercent()),
              Fmt.num(rule.maxKoPercent())));
    }
    List<String> slow = new ArrayList<>();
    if (rule.p95Ceiling() != null && f.p95() != null && f.p95() > rule.p95Ceiling()) {
      slow.add("p95 " + f.p95() + " ms > " + rule.p95Ceiling() + " ms");
    }
    if (rule.p99Ceiling() != null && f.p99() != null && f.p99() > rule.p99Ceiling()) {
      slow.add("p99 " + f.p99() + " ms > " + rule.p99Ceiling() + " ms");
    }
    if (!slow.isEmpty()) {
      missed.add("too slow");
      words.add("was too slow (" + String.join(", ", slow) + ")");
    }
    if (missed.isEmpty()) {
      return new Verdict(true, false, KEPT_UP, KEPT_UP + " (" + figures + ")");
    }
    return new Verdict(false, false, and(missed), and(words) + " (" + figures + ")");
  }

  /** The outcome while it happens: "keeping up", "falling behind", "failing"... */
  public String presentTense() {
    if (injectorBound) {
      return INJECTOR_BOUND;
    }
    return label
        .replace("kept up", "keeping up")
        .replace("fell behind", "falling behind")
        .replace("failed", "failing")
        .replace("too slow", "too slow");
  }

  private static String and(List<String> parts) {
    return parts.size() == 1
        ? parts.get(0)
        : String.join(", ", parts.subList(0, parts.size() - 1))
            + " and "
            + parts.get(parts.size() - 1);
  }

  private static String injectorWords(Figures f) {
    if (f.injectorFailed() > 0 && f.injectorCause() != null) {
      return String.format(
          Locale.ROOT,
          "could not be judged: %d of the %d failures were the injector's own (%s), not the API's",
          f.injectorFailed(),
          f.failed(),
          f.injectorCause());
    }
    return "could not be judged: the injector's own CPU was saturated, so its queueing is in the"
        + " figures";
  }

  /** "107.2 of 142.9 requests/s, 75.0 %, 0 KO" (without a limit: "20.4 requests/s, 0 KO"). */
  public static String figures(Figures f) {
    String rate =
        f.limit() == null || f.limit() == 0
            ? String.format(Locale.ROOT, "%.1f requests/s", f.rate())
            : String.format(
                Locale.ROOT,
                "%.1f of %.1f requests/s, %.1f %%",
                f.rate(),
                f.limit(),
                f.percentOfLimit());
    String ko =
        f.failed() == 0
            ? "0 KO"
            : String.format(Locale.ROOT, "%d KO, %.2f %%", f.failed(), f.koPercent());
    return rate + ", " + ko;
  }
}
