package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.shared.model.assertion.AssertionMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void messageWordingIsGatlingsOwn() {
    List<Threshold> all =
        List.of(
            Threshold.global(Threshold.Metric.FAILED_PERCENT, 1),
            Threshold.global(Threshold.Metric.FAILED_PERCENT, 0.5),
            Threshold.global(Threshold.Metric.P95, 800),
            Threshold.global(Threshold.Metric.P99, 1200),
            Threshold.request("similar by title", Threshold.Metric.FAILED_PERCENT, 2.25),
            Threshold.request("status", Threshold.Metric.P95, 100),
            Threshold.request("similar by id", Threshold.Metric.P99, 3000));
    for (Threshold t : all) {
      // Gatling's own message builder, applied to the assertion this threshold hands to setUp()
      String gatling = AssertionMessage.message(t.toGatlingAssertion().asScala());
      assertEquals(gatling, t.gatlingMessage(), "wording for " + t);
    }
    assertEquals(
        "Global: percentage of failed events is less than or equal to 1.0",
        Threshold.global(Threshold.Metric.FAILED_PERCENT, 1).gatlingMessage());
    assertEquals(
        "status: 95th percentile of response time is less than or equal to 100.0",
        Threshold.request("status", Threshold.Metric.P95, 100).gatlingMessage());
  }

  @Test
  void parsesScopeMetricLimit() {
    assertEquals(Threshold.global(Threshold.Metric.FAILED_PERCENT, 1), Threshold.parse("global:failed-percent:1"));
    assertEquals(Threshold.request("similar by id", Threshold.Metric.P99, 900), Threshold.parse("similar by id:p99:900"));
    assertEquals(Threshold.request("a:b", Threshold.Metric.P95, 5), Threshold.parse("a:b:P95:5"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("global:p42:1"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("p95:1"));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> Threshold.global(Threshold.Metric.P95, 10.5));
    assertThrows(IllegalArgumentException.class, () -> Threshold.global(Threshold.Metric.FAILED_PERCENT, -1));
    assertThrows(IllegalArgumentException.class, () -> new Threshold(" ", Threshold.Metric.P95, 1));
    assertThrows(IllegalArgumentException.class, () -> new Tolerances(-1, 20, 0.5, 10));
  }

  @Test
  void runSpecDerivesGatlingsRunFolderPrefixAndAssertions() {
    RunSpec spec =
        new RunSpec(
            "grafmuvi.loadtest.GrafMuviSimulation",
            null,
            List.of(Threshold.global(Threshold.Metric.P95, 800)),
            null,
            null);
    assertEquals("grafmuvisimulation", spec.runFolderPrefix());
    assertEquals(1, spec.gatlingAssertions().size());
    assertEquals(Tolerances.DEFAULTS, spec.tolerances());
    assertTrue(spec.settings().isEmpty());
  }
}
