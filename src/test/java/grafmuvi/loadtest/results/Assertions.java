package grafmuvi.loadtest.results;

import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;

import grafmuvi.loadtest.settings.Settings;
import grafmuvi.loadtest.settings.Thresholds;
import io.gatling.javaapi.core.Assertion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every pass/fail rule of a run as a Gatling assertion, so that Gatling's console, report and exit
 * status give the verdict: the thresholds of grafmuvi.assertions (for the whole run and for each
 * request; none for a stair run, read by its levels) and, with a baseline, each of its limits.
 */
public final class Assertions {

  private Assertions() {}

  public static List<Assertion> of(Settings settings, Optional<Baseline> baseline) {
    List<Assertion> out = new ArrayList<>();
    if (settings.workload().asserted()) {
      Thresholds t = settings.thresholds();
      out.add(global().failedRequests().percent().lte(t.failedPercent()));
      out.add(global().responseTime().percentile(95.0).lte(millis(t.p95())));
      out.add(global().responseTime().percentile(99.0).lte(millis(t.p99())));
      out.add(forAll().responseTime().percentile(95.0).lte(millis(t.perRequestP95())));
      out.add(forAll().responseTime().percentile(99.0).lte(millis(t.perRequestP99())));
    }
    baseline.ifPresent(b -> b.limits().forEach(limit -> out.add(limit.assertion())));
    return out;
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
