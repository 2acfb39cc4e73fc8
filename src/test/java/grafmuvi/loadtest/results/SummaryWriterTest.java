package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SummaryWriterTest {

  static final String NASTY = "title <b>\"A|B\"</b> & co\nline2";

  static Summary summary() {
    Summary.Stats g = ComparisonTest.stats("All Requests", 10, 1, 5, 20, 30);
    Summary.Stats r = ComparisonTest.stats(NASTY, 10, 1, 5, 20, 30);
    return new Summary(
        Summary.SCHEMA, "GrafMuviSimulation", "grafmuvisimulation-1", "3.16.0", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z",
        60L, "failed", Map.of("users", 5, "token", "***"), g, List.of(r),
        List.of(
            new Summary.AssertionOutcome("Global: percentage of failed events is less than or equal to 1.0", "global",
                "failed-percent", 1.0, 10.0, false, "gatling"),
            new Summary.AssertionOutcome(NASTY + ": 95th percentile of response time is less than or equal to 800.0", NASTY,
                "p95", 800.0, 20.0, true, "gatling")),
        List.of(new Summary.ErrorCount("status.find.is(200), found 404 <&>", 1, 100)),
        Map.of("injector", Map.of("peakCpuPercent", 73.5)),
        null);
  }

  @Test
  void writesParseableFilesAndReadsTheJsonBack(@TempDir Path dir) throws Exception {
    Summary s = summary();
    List<Path> files = SummaryWriter.writeAll(s, dir);
    assertEquals(3, files.size());
    try (var list = Files.list(dir)) {
      assertEquals(3, list.count(), "no temporary files left behind");
    }

    assertEquals(s, SummaryWriter.read(dir.resolve("summary.json")));

    Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
    assertEquals(2, junit.getElementsByTagName("testcase").getLength());
    Element failure = (Element) junit.getElementsByTagName("failure").item(0);
    assertEquals("Global: percentage of failed events is less than or equal to 1.0", failure.getAttribute("message"));
    assertEquals(
        "Global: percentage of failed events is less than or equal to 1.0 : false (actual : 10.0)", failure.getTextContent());
    assertEquals(NASTY + ": 95th percentile of response time is less than or equal to 800.0",
        ((Element) junit.getElementsByTagName("testcase").item(1)).getAttribute("name"));

    String md = Files.readString(dir.resolve("summary.md"));
    assertTrue(md.contains("| title &lt;b&gt;\"A\\|B\"&lt;/b&gt; & co line2 | 10 |"), md);
    assertTrue(md.contains("### injector"), md);
    assertTrue(md.contains("| peakCpuPercent | 73.5 |"), md);
    assertFalse(md.contains("<b>"), md);
  }

  @Test
  void refusesFilesThatAreNotSummaries(@TempDir Path dir) throws Exception {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"schema\":\"something-else\",\"global\":{}}");
    assertTrue(assertThrows(ReportFormatException.class, () -> SummaryWriter.read(other)).getMessage().contains("not a summary.json"));
    Path garbled = dir.resolve("garbled.json");
    Files.writeString(garbled, "{\"schema\":");
    assertTrue(assertThrows(ReportFormatException.class, () -> SummaryWriter.read(garbled)).getMessage().contains("unreadable"));
  }
}
