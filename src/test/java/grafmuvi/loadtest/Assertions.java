package grafmuvi.loadtest;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;

import grafmuvi.loadtest.results.BaselineGate;
import grafmuvi.loadtest.results.RunLog;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Assertion.WithPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pass/fail rule of a run as a Gatling assertion, so that Gatling's console, report and exit
 * status give the verdict: the thresholds of grafmuvi.assertions (for the whole run and for each
 * request), and, with a baseline, its limits (see {@link BaselineGate}).
 */
final class Assertions {

  private Assertions() {}

  /** The thresholds (none for a capacity run: it is read by its knee) and the baseline's limits. */
  static List<Assertion> of(Settings settings) {
    List<Assertion> out = new ArrayList<>();
    if (settings.workload().match(l -> true, s -> false, s -> true)) {
      Settings.Thresholds t = settings.thresholds();
      out.add(global().failedRequests().percent().lte(t.failedPercent()));
      out.add(global().responseTime().percentile(95.0).lte(millis(t.p95())));
      out.add(global().responseTime().percentile(99.0).lte(millis(t.p99())));
      out.add(forAll().responseTime().percentile(95.0).lte(millis(t.perRequestP95())));
      out.add(forAll().responseTime().percentile(99.0).lte(millis(t.perRequestP99())));
    }
    out.addAll(baselineLimits(settings).values());
    return out;
  }

  /** The baseline's limits by the Gatling message of the assertion that enforces each. */
  static Map<String, BaselineGate.Row> baselineRows(Settings settings) {
    Map<String, BaselineGate.Row> out = new LinkedHashMap<>();
    baselineLimits(settings).forEach((row, assertion) -> out.put(RunLog.message(assertion), row));
    return out;
  }

  private static Map<BaselineGate.Row, Assertion> baselineLimits(Settings settings) {
    Map<BaselineGate.Row, Assertion> out = new LinkedHashMap<>();
    settings.baseline().ifPresent(b -> b.limits().forEach(row -> out.put(row, assertion(row))));
    return out;
  }

  private static Assertion assertion(BaselineGate.Row row) {
    WithPath path = row.request() == null ? global() : details(row.request());
    return switch (row.metric()) {
      case BaselineGate.P95 -> path.responseTime().percentile(95.0).lte((int) row.limit());
      case BaselineGate.P99 -> path.responseTime().percentile(99.0).lte((int) row.limit());
      case BaselineGate.KO_PERCENT -> path.failedRequests().percent().lte(row.limit());
      default -> path.requestsPerSec().gte(row.limit());
    };
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
