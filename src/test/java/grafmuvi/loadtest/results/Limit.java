package grafmuvi.loadtest.results;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Assertion.WithPath;

/**
 * One figure of a baseline run and the worst value this run may have: built once from the baseline,
 * it is both the Gatling assertion that judges a run held to it and the row of the side-by-side
 * table.
 *
 * @param request the request name, or null for the whole run
 * @param metric the figure
 * @param baseline the baseline's figure
 * @param limit the worst figure that still passes
 */
public record Limit(String request, Metric metric, double baseline, double limit) {

  /** The figures a baseline holds a run to. */
  public enum Metric {
    P95("p95", true),
    P99("p99", true),
    KO_PERCENT("KO %", true),
    MEAN_RPS("mean requests/s", false);

    private final String label;
    private final boolean atMost;

    Metric(String label, boolean atMost) {
      this.label = label;
      this.atMost = atMost;
    }

    public String label() {
      return label;
    }

    /** True when the figure must be at most the limit, false when at least. */
    public boolean atMost() {
      return atMost;
    }

    /** This figure in a row of a summary; null where the row has none. */
    Double of(Summary.Stats s) {
      return switch (this) {
        case P95 -> s.p95() == null ? null : s.p95().doubleValue();
        case P99 -> s.p99() == null ? null : s.p99().doubleValue();
        case KO_PERCENT -> s.koPercent();
        case MEAN_RPS -> s.meanRps();
      };
    }

    Assertion assertion(WithPath path, double limit) {
      return switch (this) {
        case P95 -> path.responseTime().percentile(95.0).lte((int) limit);
        case P99 -> path.responseTime().percentile(99.0).lte((int) limit);
        case KO_PERCENT -> path.failedRequests().percent().lte(limit);
        case MEAN_RPS -> path.requestsPerSec().gte(limit);
      };
    }
  }

  /** The Gatling assertion that holds a run to this limit. */
  public Assertion assertion() {
    return metric.assertion(
        request == null
            ? global()
            : details(request.split(java.util.regex.Pattern.quote(RunLog.GROUP_SEPARATOR))),
        limit);
  }

  /** The table row with this run's figure and Gatling's verdict on it. */
  public Summary.BaselineRow row(Double actual, boolean passed) {
    return new Summary.BaselineRow(
        request, metric.label(), baseline, limit, metric.atMost(), actual, passed);
  }

  /** The table row judged against a finished run's summary, for comparing two files offline. */
  public Summary.BaselineRow judge(Summary current) {
    Summary.Stats s =
        request == null
            ? current.global()
            : current.requests().stream()
                .filter(x -> x.name().equals(request))
                .findFirst()
                .orElse(null);
    Double actual = s == null ? null : metric.of(s);
    boolean pass = actual != null && (metric.atMost() ? actual <= limit : actual >= limit);
    return row(actual, pass);
  }

  /** The row for a limit Gatling never judged (the run ended before its assertions). */
  public Summary.BaselineRow unjudged() {
    return new Summary.BaselineRow(
        request, metric.label(), baseline, limit, metric.atMost(), null, null);
  }
}
