package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

  static Summary.Stats stats(String name, long count, long ko, double rps, double p95, double p99) {
    return new Summary.Stats(
        name, null, count, count - ko, ko, count == 0 ? 0 : ko * 100.0 / count, rps, 1.0, p95 / 2, p95 * 0.8, p95, p99,
        p99 + 5, p95 / 2, 3.0);
  }

  static Summary summary(Map<String, Object> settings, Summary.Stats global, Summary.Stats... requests) {
    return new Summary(
        Summary.SCHEMA, "GrafMuviSimulation", "grafmuvisimulation-1", "3.16.0", "2026-01-01T00:00:00Z",
        "2026-01-01T00:01:00Z", 60L, "passed", settings, global, List.of(requests), List.of(), List.of(), null, null);
  }

  static Summary run(double factorTime, double factorRps, double extraKo) {
    return summary(
        Map.of("profile", "default", "users", 1000, "duration", "160s"),
        stats("All Requests", 3000, (long) (30 + extraKo * 30), 100 * factorRps, 40 * factorTime, 80 * factorTime),
        stats("status", 1000, 10, 33 * factorRps, 20 * factorTime, 30 * factorTime),
        stats("similar by id", 1000, 10, 33 * factorRps, 50 * factorTime, 90 * factorTime),
        stats("similar by title", 1000, (long) (10 + extraKo * 30), 33 * factorRps, 60 * factorTime, 100 * factorTime));
  }

  @Test
  void aRunComparedWithItselfPasses() {
    Summary s = run(1, 1, 0);
    Comparison.Result r = Comparison.compare(s, s, Tolerances.DEFAULTS);
    assertTrue(r.passed(), Comparison.table(r, "self"));
    assertTrue(r.warnings().isEmpty());
    assertEquals(16, r.rows().size());
    assertTrue(r.rows().stream().allMatch(row -> Comparison.OK.equals(row.verdict())));
  }

  @Test
  void aBaselineTwiceAsFastFailsAndTheTableNamesWhatRegressed() {
    Summary baseline = run(0.5, 2, 0);
    Summary current = run(1, 1, 0);
    Comparison.Result r = Comparison.compare(baseline, current, Tolerances.DEFAULTS);
    assertFalse(r.passed());
    String table = Comparison.table(r, "nightly.json");
    assertTrue(table.contains("Verdict: FAILED"), table);
    assertTrue(table.contains("similar by title | p95 ms |"), table);
    assertTrue(table.contains("- Global p99 ms: 40 -> 80 (+100 %, tolerance +20 %)"), table);
    assertTrue(table.contains("- status req/s: 66 -> 33 (-50 %, tolerance -10 %)"), table);
    assertEquals(12, r.regressions().size()); // every p95, p99 and req/s row; KO % unchanged
  }

  @Test
  void tolerancesAreLimitsNotTriggers() {
    Summary baseline = run(1, 1, 0);
    // 19 % slower, 9 % less throughput: inside the defaults
    Summary current = run(1.19, 0.91, 0);
    assertTrue(Comparison.compare(baseline, current, Tolerances.DEFAULTS).passed());
    // 25 % slower fails p95/p99 only
    Comparison.Result slower = Comparison.compare(baseline, run(1.25, 1, 0), Tolerances.DEFAULTS);
    assertFalse(slower.passed());
    assertTrue(slower.regressions().stream().allMatch(row -> row.metric().startsWith("p9")));
    // KO +1 point (global: 1 % -> 2 %) fails KO % only
    Comparison.Result ko = Comparison.compare(baseline, run(1, 1, 1), Tolerances.DEFAULTS);
    assertFalse(ko.passed());
    assertTrue(ko.regressions().stream().allMatch(row -> row.metric().equals("KO %")), Comparison.table(ko, "b"));
    // looser tolerances accept it
    assertTrue(Comparison.compare(baseline, run(1.25, 0.85, 1), new Tolerances(30, 30, 3, 20)).passed());
  }

  @Test
  void millisecondNoiseIsNotARegression() {
    Summary baseline = summary(Map.of(), stats("All Requests", 10, 0, 10, 1, 1), stats("status", 10, 0, 10, 1, 1));
    Summary current = summary(Map.of(), stats("All Requests", 10, 0, 10, 2, 2), stats("status", 10, 0, 10, 2, 2));
    assertTrue(Comparison.compare(baseline, current, Tolerances.DEFAULTS).passed());
    Summary slow = summary(Map.of(), stats("All Requests", 10, 0, 10, 3, 3), stats("status", 10, 0, 10, 3, 3));
    assertFalse(Comparison.compare(baseline, slow, Tolerances.DEFAULTS).passed());
  }

  @Test
  void differentWorkloadsWarnLoudly() {
    Summary baseline = run(1, 1, 0);
    Summary smoke =
        summary(
            Map.of("profile", "smoke", "users", 5, "duration", "160s"),
            stats("All Requests", 30, 0, 3, 40, 80),
            stats("status", 30, 0, 3, 20, 30),
            stats("new request", 1, 0, 1, 1, 1));
    Comparison.Result r = Comparison.compare(baseline, smoke, Tolerances.DEFAULTS);
    String table = Comparison.table(r, "b");
    assertTrue(table.contains("!! WARNING: DIFFERENT WORKLOAD: setting 'profile' was default in the baseline, smoke now"), table);
    assertTrue(table.contains("setting 'users' was 1000 in the baseline, 5 now"), table);
    assertFalse(table.contains("'duration'"), table);
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("'new request' is not in the baseline")));
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("'similar by id' of the baseline did not run")));
  }

  @Test
  void standaloneMainComparesTwoFiles(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("base.json");
    Path same = dir.resolve("same.json");
    Path slow = dir.resolve("slow.json");
    Files.writeString(base, SummaryWriter.json(run(1, 1, 0)));
    Files.writeString(same, SummaryWriter.json(run(1, 1, 0)));
    Files.writeString(slow, SummaryWriter.json(run(2, 1, 0)));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertEquals(0, CompareSummaries.run(new String[] {base.toString(), same.toString()}));
      assertEquals(2, CompareSummaries.run(new String[] {base.toString(), slow.toString()}));
      assertEquals(0, CompareSummaries.run(new String[] {"--p95=150", "--p99=150", base.toString(), slow.toString()}));
      assertEquals(1, CompareSummaries.run(new String[] {base.toString()}));
      assertEquals(1, CompareSummaries.run(new String[] {base.toString(), dir.resolve("nope.json").toString()}));
      Files.writeString(dir.resolve("garbled.json"), "{\"schema\": 3");
      assertEquals(1, CompareSummaries.run(new String[] {base.toString(), dir.resolve("garbled.json").toString()}));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Verdict: PASSED"), text);
    assertTrue(text.contains("Verdict: FAILED"), text);
    assertTrue(text.contains("no summary file at"), text);
    assertTrue(text.contains("unreadable summary file"), text);
  }
}
