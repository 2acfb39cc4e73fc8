package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grafmuvi.loadtest.settings.Tolerances;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The three files written from a summary, and summary.json read back as a baseline. */
class SummaryWriterTest {

  static final String NASTY = "title <b>\"A|B\"</b> & co\nline2 \u0001";

  static Summary.Stats stats(String name, long count, long ko, int p95, int p99, double rps) {
    return new Summary.Stats(
        name,
        count,
        count - ko,
        ko,
        100.0 * ko / count,
        rps,
        0,
        1,
        2,
        p95,
        p99,
        p99 + 5,
        2,
        3,
        61.0);
  }

  static Summary summary(
      Summary.Stats global, List<Summary.Stats> requests, Map<String, Object> workload) {
    return new Summary(
        Summary.SCHEMA,
        "grafmuvi.loadtest.GrafMuviSimulation",
        "grafmuvisimulation-1",
        "3.16.0",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:01:00Z",
        60L,
        Summary.FAILED,
        null,
        Map.of("users", 5, "secrets", "****"),
        workload,
        global,
        requests,
        List.of(
            new Summary.AssertionOutcome(
                "Global: percentage of failed events is less than or equal to 1.0",
                null,
                1.0,
                10.0,
                false,
                null,
                "threshold"),
            new Summary.AssertionOutcome(
                NASTY + ": 95th percentile of response time is less than or equal to 800.0",
                NASTY,
                800.0,
                20.0,
                true,
                null,
                "threshold")),
        List.of(new Summary.ErrorCount("status.find.is(200), found 404 <&>", 1, 100, "target")),
        new Summary.Timeline(1, List.of(new Summary.Point(0, 5, 1), new Summary.Point(1, 4, 0))),
        null,
        null,
        null,
        null,
        Map.of("injector", Map.of("peakCpuPercent", 73.5)));
  }

  static Summary summary() {
    return summary(
        stats("All Requests", 10, 1, 20, 30, 2.5),
        List.of(stats(NASTY, 10, 1, 20, 30, 2.5)),
        Map.of("profile", "smoke"));
  }

  @Test
  void writesParseableFilesAndReadsTheJsonBack(@TempDir Path dir) throws Exception {
    Summary s = summary();
    List<Path> files = SummaryWriter.writeAll(s, dir);
    assertEquals(3, files.size());
    try (var list = Files.list(dir)) {
      assertEquals(3, list.count(), "no temporary files left behind");
    }

    assertEquals(s, Baseline.read(dir.resolve("summary.json")));

    Document junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("junit.xml").toFile());
    assertEquals(2, junit.getElementsByTagName("testcase").getLength());
    Element failure = (Element) junit.getElementsByTagName("failure").item(0);
    assertEquals(
        "Global: percentage of failed events is less than or equal to 1.0 : false (actual : 10)",
        failure.getAttribute("message"));
    assertEquals("GatlingAssertionFailed", failure.getAttribute("type"));
    assertEquals(
        JunitXml.xmlSafe(NASTY).replace('\n', ' ')
            + ": 95th percentile of response time is less than or equal to 800.0",
        ((Element) junit.getElementsByTagName("testcase").item(1)).getAttribute("name"));

    String md = Files.readString(dir.resolve("summary.md"));
    assertTrue(md.contains("| title &lt;b&gt;\"A\\|B\"&lt;/b&gt; & co line2 \u0001 | 10 |"), md);
    assertTrue(md.contains("### injector"), md);
    assertTrue(md.contains("| peakCpuPercent | 73.5 |"), md);
    assertFalse(md.contains("<b>"), md);
  }

  @Test
  void refusesAnInterruptedRunAsABaseline(@TempDir Path dir) throws Exception {
    Summary s = summary();
    Summary cut =
        new Summary(
            s.schema(),
            s.simulation(),
            s.runFolder(),
            s.gatlingVersion(),
            s.start(),
            s.end(),
            s.durationSeconds(),
            Summary.INTERRUPTED,
            new Summary.CutShort("Ctrl-C or SIGTERM", 31, 90),
            s.settings(),
            s.workload(),
            s.global(),
            s.requests(),
            s.assertions(),
            s.errors(),
            s.timeline(),
            null,
            null,
            null,
            null,
            s.sections());
    SummaryWriter.writeAll(cut, dir);
    assertTrue(
        assertThrows(SummaryFormatException.class, () -> Baseline.read(dir.resolve("summary.json")))
            .getMessage()
            .endsWith(
                "is the summary of a run that was interrupted after 31 s of 90 s (Ctrl-C or"
                    + " SIGTERM): hold runs to one that ran its course"));
  }

  @Test
  void refusesFilesThatAreNotSummaries(@TempDir Path dir) throws Exception {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"schema\":\"grafmuvi-gatling-summary/1\",\"global\":{}}");
    assertTrue(
        assertThrows(SummaryFormatException.class, () -> Baseline.read(other))
            .getMessage()
            .contains("is a summary of schema grafmuvi-gatling-summary/1, not " + Summary.SCHEMA));
    Path garbled = dir.resolve("garbled.json");
    Files.writeString(garbled, "{\"schema\":");
    assertTrue(
        assertThrows(SummaryFormatException.class, () -> Baseline.read(garbled))
            .getMessage()
            .contains("is not a summary.json"));
    assertTrue(
        assertThrows(SummaryFormatException.class, () -> Baseline.read(dir.resolve("absent.json")))
            .getMessage()
            .contains("no readable file at"));
  }

  @Test
  void baselineLimitsFollowTheTolerancesAndNeverTightenBelowOneMillisecond() {
    Tolerances t = new Tolerances(20, 50, 0.5, 10);
    Summary base =
        summary(
            stats("All Requests", 100, 0, 10, 2, 100.0),
            List.of(stats("status", 100, 0, 10, 2, 100.0)),
            Map.of());
    List<Limit> limits = Baseline.limits(base, t);
    assertEquals(12.0, limit(limits, "status", Limit.Metric.P95));
    assertEquals(3.0, limit(limits, "status", Limit.Metric.P99), "2 ms + 50 % = 3 ms");
    assertEquals(0.5, limit(limits, null, Limit.Metric.KO_PERCENT));
    assertEquals(90.0, limit(limits, null, Limit.Metric.MEAN_RPS));
    assertEquals(
        1 + 1,
        new Tolerances(0, 0, 0, 0).p95Limit(1),
        "a 1 ms p95 may become 2 ms: the report's resolution");

    Summary slower =
        summary(
            stats("All Requests", 100, 0, 13, 2, 95.0),
            List.of(stats("status", 100, 0, 13, 2, 95.0)),
            Map.of());
    List<Summary.BaselineRow> judged = limits.stream().map(l -> l.judge(slower)).toList();
    assertEquals(
        List.of("status p95", "all requests p95"),
        judged.stream().filter(r -> !r.passed()).map(Summary.BaselineRow::label).toList());
    assertTrue(
        Baseline.table(judged).contains("| status p95 | 10 | ≤ 12 | 13 | REGRESSED |"),
        Baseline.table(judged));
  }

  @Test
  void workloadDifferencesAreNamed() {
    assertEquals(
        List.of("users: 1000 in the baseline, 5 now"),
        Baseline.workloadDifferences(
            Map.of("profile", "load", "users", 1000), Map.of("profile", "load", "users", 5)));
    assertEquals(List.of(), Baseline.workloadDifferences(Map.of("users", 5), Map.of("users", "5")));
  }

  private static double limit(List<Limit> limits, String request, Limit.Metric metric) {
    return limits.stream()
        .filter(r -> java.util.Objects.equals(r.request(), request) && r.metric() == metric)
        .findFirst()
        .orElseThrow()
        .limit();
  }
}
