package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import grafmuvi.loadtest.GatlingChild;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Runs {@link ReaderProbeSimulation} in child JVMs, exactly as {@code java -cp <test classpath>
 * io.gatling.app.Gatling -s <class> -rf <dir>}, against a loopback server, and checks what the
 * shutdown hook wrote against the report, the console and the traffic the probe is known to send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunResultsChildRunTest {

  static final int USERS = 4;
  static final long STATUS = (long) USERS * ReaderProbeSimulation.REQUESTS_PER_USER_STATUS;
  static final long BY_ID = USERS;
  static final long MISSING = USERS;
  static final long TOTAL = STATUS + BY_ID + MISSING;
  static final String PASSING = "global:failed-percent:50,status:p95:10000,similar by id:p99:10000";

  Path tmp;
  HttpServer server;
  ExecutorService executor;
  String baseUrl;
  ChildRun passing;

  record ChildRun(int exit, String output, Path runFolder) {
    Path file(String name) {
      return runFolder.resolve(name);
    }
  }

  @BeforeAll
  void startServerAndRunOnce(@TempDir Path dir) throws Exception {
    tmp = dir;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/status", ex -> answer(ex, 200, "{\"status\":\"OK\"}"));
    server.createContext(
        "/api/id/",
        ex -> {
          sleep(15); // so that "similar by id" has response times worth comparing
          answer(ex, 200, "{\"1\":\"Black Mass\"}");
        });
    server.createContext("/", ex -> answer(ex, 404, "{}"));
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    passing = runProbe("passing", Map.of("probe.thresholds", PASSING));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ tests

  @Test
  void summaryHoldsTheReportsNumbersAndTheKnownTraffic() throws Exception {
    assertEquals(0, passing.exit(), passing.output());
    for (String f : List.of("summary.json", "junit.xml", "summary.md")) {
      assertTrue(Files.isRegularFile(passing.file(f)), f + " missing; output:\n" + passing.output());
    }
    JsonNode json = SummaryWriter.MAPPER.readTree(passing.file("summary.json").toFile());
    assertEquals(Summary.SCHEMA, json.path("schema").asText());
    assertEquals("passed", json.path("status").asText());
    assertEquals("3.16.0", json.path("gatlingVersion").asText());
    assertEquals(USERS, json.path("settings").path("users").asInt());
    assertEquals("***", json.path("settings").path("apiKey").asText());
    assertEquals(passing.runFolder().getFileName().toString(), json.path("runFolder").asText());

    // the known traffic
    JsonNode global = json.path("global");
    assertEquals(TOTAL, global.path("count").asLong());
    assertEquals(MISSING, global.path("ko").asLong());
    assertEquals(TOTAL - MISSING, global.path("ok").asLong());
    assertEquals(MISSING * 100.0 / TOTAL, global.path("koPercent").asDouble(), 0.01);
    Map<String, JsonNode> requests = new HashMap<>();
    json.path("requests").forEach(r -> requests.put(r.path("name").asText(), r));
    assertEquals(Map.of("status", STATUS, "similar by id", BY_ID, "missing", MISSING),
        Map.of("status", requests.get("status").path("count").asLong(),
            "similar by id", requests.get("similar by id").path("count").asLong(),
            "missing", requests.get("missing").path("count").asLong()));
    assertEquals(100.0, requests.get("missing").path("koPercent").asDouble());
    assertTrue(requests.get("similar by id").path("min").asDouble() >= 15, "server sleeps 15 ms");

    // every figure equals the report's own table, parsed here independently
    Map<String, Map<String, String>> table = independentlyParsedStatsTable(Files.readString(passing.file("index.html")));
    assertEquals(4, table.size(), table.toString());
    assertRowEquals(table.get("All Requests"), global);
    for (String name : List.of("status", "similar by id", "missing")) {
      assertRowEquals(table.get(name), requests.get(name));
    }

    // ... and Gatling's console summary
    Map<String, Long> console = consoleGlobalInformation(passing.output());
    assertEquals(TOTAL, console.get("request count"));
    assertEquals(global.path("min").asLong(), console.get("min response time (ms)"));
    assertEquals(global.path("max").asLong(), console.get("max response time (ms)"));
    assertEquals(global.path("p50").asLong(), console.get("response time 50th percentile (ms)"));
    assertEquals(global.path("p95").asLong(), console.get("response time 95th percentile (ms)"));
    assertEquals(global.path("p99").asLong(), console.get("response time 99th percentile (ms)"));

    // assertions: Gatling's verdicts, with the actual values
    JsonNode assertions = json.path("assertions");
    assertEquals(3, assertions.size());
    for (JsonNode a : assertions) {
      assertTrue(a.path("passed").asBoolean(), a.toString());
      assertEquals("gatling", a.path("source").asText());
      assertTrue(passing.output().contains(a.path("message").asText() + " : true"), a.toString());
    }
    assertEquals(25.0, assertions.get(0).path("actual").asDouble(), 0.001);

    // errors
    assertEquals("status.find.is(200), found 404", json.path("errors").get(0).path("message").asText());
    assertEquals(MISSING, json.path("errors").get(0).path("count").asLong());

    // junit.xml: one passing test case per assertion
    Document junit = parseXml(passing.file("junit.xml"));
    assertEquals(3, junit.getElementsByTagName("testcase").getLength());
    assertEquals(0, junit.getElementsByTagName("failure").getLength());

    // summary.md
    String md = Files.readString(passing.file("summary.md"));
    assertTrue(md.contains("| status | " + STATUS + " | " + STATUS + " | 0 | 0 |"), md);
    assertTrue(md.contains("| missing | " + MISSING + " | 0 | " + MISSING + " | 100 |"), md);
    assertTrue(md.contains("✅ passed"), md);

    // a run compared with itself passes, in-process and with the standalone comparer
    Summary self = SummaryWriter.read(passing.file("summary.json"));
    assertTrue(Comparison.compare(self, self, Tolerances.DEFAULTS).passed());
    String s = passing.file("summary.json").toString();
    assertEquals(0, CompareSummaries.run(new String[] {s, s}));
  }

  @Test
  void aBreachedThresholdIsAFailedTestCaseAndExitStatus2() throws Exception {
    ChildRun run = runProbe("breach", Map.of("probe.thresholds", "global:failed-percent:10,status:p95:10000"));
    assertEquals(2, run.exit(), run.output());
    String message = "Global: percentage of failed events is less than or equal to 10.0";
    assertTrue(run.output().contains(message + " : false (actual : 25.0)"), run.output());

    Document junit = parseXml(run.file("junit.xml"));
    NodeList failures = junit.getElementsByTagName("failure");
    assertEquals(1, failures.getLength());
    Element failure = (Element) failures.item(0);
    assertEquals(message, failure.getAttribute("message"));
    assertEquals(message, ((Element) failure.getParentNode()).getAttribute("name"));
    assertEquals("2", ((Element) junit.getElementsByTagName("testsuite").item(0)).getAttribute("tests"));

    Summary summary = SummaryWriter.read(run.file("summary.json"));
    assertEquals("failed", summary.status());
    assertFalse(summary.assertions().get(0).passed());
    assertEquals(10.0, summary.assertions().get(0).threshold());
    assertTrue(summary.assertions().get(1).passed());
    assertTrue(Files.readString(run.file("summary.md")).contains("❌ **fail**"));
  }

  @Test
  void aBaselineTwiceAsFastFailsWithATableNamingTheRegressions() throws Exception {
    Path baseline = derivedBaseline(passing, 0.5, 2.0, "fast.json");
    ChildRun run = runProbe("vs-fast", Map.of("probe.thresholds", PASSING, "probe.baseline", baseline.toString()));
    assertEquals(2, run.exit(), run.output());
    String out = run.output();
    assertTrue(out.contains("Baseline comparison against " + baseline), out);
    assertTrue(Pattern.compile("(?m)^Global +\\| req/s +\\|.*\\| REGRESSED$").matcher(out).find(), out);
    assertTrue(Pattern.compile("(?m)^similar by id +\\| p95 ms +\\|.*\\| REGRESSED$").matcher(out).find(), out);
    assertTrue(out.contains("Verdict: FAILED"), out);
    assertTrue(out.contains("  - similar by id p95 ms: "), out);
    assertTrue(out.contains("[results] FAILED: ") && out.contains("regression(s) against the baseline (exit status 2)"), out);

    Summary summary = SummaryWriter.read(run.file("summary.json"));
    assertEquals("failed", summary.status());
    assertTrue(summary.assertions().stream().allMatch(Summary.AssertionOutcome::passed));
    assertFalse(summary.comparison().passed());
    Document junit = parseXml(run.file("junit.xml"));
    assertTrue(junit.getElementsByTagName("failure").getLength() > 0);
    assertTrue(Files.readString(run.file("junit.xml")).contains("type=\"BaselineRegression\""));
    assertTrue(Files.readString(run.file("summary.md")).contains("❌ **regressed**"));
  }

  @Test
  void aSlowerBaselinePassesAndADifferentWorkloadWarns() throws Exception {
    Path baseline = derivedBaseline(passing, 10, 0.1, "slow.json");
    ChildRun run =
        runProbe(
            "vs-slow",
            Map.of("probe.thresholds", PASSING, "probe.baseline", baseline.toString(), "probe.workload", "other"));
    assertEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("Verdict: PASSED"), run.output());
    assertTrue(run.output().contains("!! WARNING: DIFFERENT WORKLOAD: setting 'profile' was probe in the baseline, other now"), run.output());
    Summary summary = SummaryWriter.read(run.file("summary.json"));
    assertTrue(summary.passed());
    assertTrue(summary.comparison().passed());
  }

  @Test
  void aRunWithoutReportExitsNonZeroWithAClearErrorAndNoSummary() throws Exception {
    // no user: Gatling sends nothing and generates no report
    ChildRun run = runProbe("empty", Map.of("probe.users", "0"));
    assertNotEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("[results] ERROR: "), run.output());
    assertTrue(run.output().contains("no summary.json / junit.xml / summary.md written"), run.output());
    if (run.runFolder() != null) {
      assertFalse(Files.exists(run.file("summary.json")));
    }
  }

  @Test
  void missingOrGarbledReportsAreRefusedClearlyAndNothingIsWritten() throws Exception {
    RunSpec spec = new RunSpec("ReaderProbeSimulation", Map.of(), List.of(), null, null);
    String html = Files.readString(passing.file("index.html"));

    assertRefused(spec, copy("no-index", f -> Files.delete(f.resolve("index.html"))), "index.html is missing");
    assertRefused(spec, copy("no-stats-js", f -> Files.delete(f.resolve("js/stats.js"))), "js/stats.js is missing");
    assertRefused(spec, copy("old-stats-js", f -> Files.writeString(f.resolve("js/stats.js"), "var stats = {\"contents\": {}}")),
        "pre-3.12 report format");
    assertRefused(spec, copy("other-version", f -> Files.writeString(f.resolve("index.html"),
        html.replace("<span>3.16.0</span>", "<span>3.17.0</span>"))), "written by Gatling 3.17.0");
    assertRefused(spec, copy("truncated", f -> Files.writeString(f.resolve("index.html"),
        html.substring(0, html.indexOf("container_statistics_body")))), "no statistics table");
    assertRefused(spec, copy("garbled-number", f -> Files.writeString(f.resolve("index.html"),
        html.replaceFirst("<td class=\"value total col-8\">[^<]*</td>", "<td class=\"value total col-8\">1O</td>"))),
        "unreadable number '1O'");
    assertRefused(spec, copy("bad-count", f -> Files.writeString(f.resolve("index.html"),
        html.replaceFirst("<td class=\"value total col-2\">" + TOTAL + "</td>", "<td class=\"value total col-2\">" + (TOTAL + 1) + "</td>"))),
        "OK + KO != total");
    assertRefused(spec, tmp.resolve("does-not-exist"), "no Gatling run folder");
    assertRefused(spec, copy("garbage", f -> Files.writeString(f.resolve("index.html"), "<html>garbage</html>")),
        "not a Gatling 3.16.0 report");
  }

  @Test
  void thresholdsGatlingDidNotGetAreEvaluatedAndSectionsAndBadBaselinesAreRecorded() throws Exception {
    Path folder = copy("evaluated", f -> {});
    RunSpec spec =
        new RunSpec(
            "ReaderProbeSimulation",
            Map.of("users", USERS),
            List.of(
                Threshold.parse("global:failed-percent:50"), // in Gatling's table
                Threshold.parse("missing:failed-percent:99"), // not: evaluated here, fails (100 %)
                Threshold.parse("nonexistent:p95:5")), // unknown request: fails, actual unknown
            null,
            tmp.resolve("no-such-baseline.json"));
    RunResults.addSection("injector", () -> Map.of("peakCpu", 0.42));
    RunResults.addSection("broken", () -> { throw new IllegalStateException("boom"); });
    RunResults.Outcome outcome;
    try {
      outcome = RunResults.summarize(spec, folder);
    } finally {
      RunResults.removeSection("injector");
      RunResults.removeSection("broken");
    }
    List<Summary.AssertionOutcome> a = outcome.summary().assertions();
    // the report's three Gatling assertions (one of them is the spec's), then the two Gatling never saw
    assertEquals(List.of("gatling", "gatling", "gatling", "evaluated", "evaluated"),
        a.stream().map(Summary.AssertionOutcome::source).toList());
    assertEquals("global", a.get(0).scope());
    assertEquals(25.0, a.get(0).actual());
    assertTrue(a.get(0).passed());
    assertNull(a.get(1).scope()); // not one of the spec's thresholds: Gatling's verdict only
    assertTrue(a.get(1).passed());
    assertFalse(a.get(3).passed());
    assertEquals(100.0, a.get(3).actual());
    assertEquals("missing: percentage of failed events is less than or equal to 99.0", a.get(3).message());
    assertFalse(a.get(4).passed());
    assertNull(a.get(4).actual());
    assertTrue(outcome.baselineError().orElseThrow().contains("no summary file at"));
    assertEquals("failed", outcome.summary().status());

    JsonNode json = SummaryWriter.MAPPER.readTree(folder.resolve("summary.json").toFile());
    assertEquals(0.42, json.path("sections").path("injector").path("peakCpu").asDouble());
    assertTrue(json.path("sections").path("broken").path("error").asText().contains("boom"));
    assertTrue(json.path("comparison").path("warnings").get(0).asText().startsWith("baseline unreadable"));
    assertTrue(Files.readString(folder.resolve("summary.md")).contains("### injector"));
  }

  // ------------------------------------------------------------------ helpers

  ChildRun runProbe(String name, Map<String, String> props) throws Exception {
    Path logback = tmp.resolve("logback-quiet.xml");
    if (!Files.exists(logback)) {
      Files.writeString(logback,
          "<configuration><appender name=\"C\" class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%msg%n</pattern>"
              + "</encoder></appender><root level=\"WARN\"><appender-ref ref=\"C\"/></root></configuration>");
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(props);
    all.put("logback.configurationFile", logback.toString());
    all.put("probe.baseUrl", baseUrl);
    all.putIfAbsent("probe.users", String.valueOf(USERS));
    Path workDir = Files.createDirectories(tmp.resolve("child-" + name));
    GatlingChild.Run run = GatlingChild.run(ReaderProbeSimulation.class, all, workDir, java.time.Duration.ofSeconds(90));
    return new ChildRun(run.exitCode(), run.output(), run.runFolder());
  }

  interface FolderEdit {
    void apply(Path folder) throws IOException;
  }

  Path copy(String name, FolderEdit edit) throws IOException {
    Path target = tmp.resolve("copy-" + name).resolve(passing.runFolder().getFileName());
    try (Stream<Path> s = Files.walk(passing.runFolder())) {
      for (Path src : s.sorted(Comparator.naturalOrder()).toList()) {
        String rel = passing.runFolder().relativize(src).toString();
        if (rel.startsWith("summary.") || rel.equals("junit.xml")) {
          continue;
        }
        Path dst = target.resolve(rel);
        if (Files.isDirectory(src)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(src, dst);
        }
      }
    }
    edit.apply(target);
    return target;
  }

  static void assertRefused(RunSpec spec, Path folder, String expected) {
    ReportFormatException e = assertThrows(ReportFormatException.class, () -> RunResults.summarize(spec, folder));
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    for (String f : List.of("summary.json", "junit.xml", "summary.md")) {
      assertFalse(Files.exists(folder.resolve(f)), f + " written despite the error");
    }
  }

  static Path derivedBaseline(ChildRun run, double timeFactor, double rpsFactor, String name) throws IOException {
    ObjectNode json = (ObjectNode) SummaryWriter.MAPPER.readTree(run.file("summary.json").toFile());
    List<JsonNode> rows = new ArrayList<>();
    rows.add(json.get("global"));
    json.get("requests").forEach(rows::add);
    for (JsonNode row : rows) {
      ObjectNode o = (ObjectNode) row;
      for (String k : List.of("p95", "p99")) {
        o.put(k, o.get(k).asDouble() * timeFactor + (timeFactor > 1 ? 50 : 0));
      }
      o.put("meanRps", o.get("meanRps").asDouble() * rpsFactor);
    }
    Path file = run.runFolder().getParent().resolve(name);
    SummaryWriter.MAPPER.writeValue(file.toFile(), json);
    return file;
  }

  /** The stats table of index.html, by row name: column number → cell text. */
  static Map<String, Map<String, String>> independentlyParsedStatsTable(String html) {
    Map<String, Map<String, String>> rows = new HashMap<>();
    int from = html.indexOf("container_statistics_head");
    for (String chunk : html.substring(from).split("<tr id=")) {
      int n = chunk.indexOf("ellipsed-name\">");
      if (n < 0) {
        continue;
      }
      String name = chunk.substring(n + 15, chunk.indexOf("</span>", n)).trim();
      Map<String, String> cells = new HashMap<>();
      Matcher m = Pattern.compile("col-(\\d+)\">([^<]*)</td>").matcher(chunk);
      while (m.find()) {
        cells.put(m.group(1), m.group(2));
      }
      rows.put(name, cells);
    }
    return rows;
  }

  static void assertRowEquals(Map<String, String> cells, JsonNode row) {
    assertNotNull(cells, "row " + row);
    String[][] map = {
      {"2", "count"}, {"3", "ok"}, {"4", "ko"}, {"5", "koPercent"}, {"6", "meanRps"}, {"7", "min"}, {"8", "p50"},
      {"9", "p75"}, {"10", "p95"}, {"11", "p99"}, {"12", "max"}, {"13", "mean"}, {"14", "stdDev"}
    };
    for (String[] m : map) {
      assertEquals(Double.parseDouble(cells.get(m[0])), row.path(m[1]).asDouble(), 1e-9, row.path("name") + " " + m[1]);
    }
  }

  /** Gatling's console "Global Information" block: first (Total) column by label. */
  static Map<String, Long> consoleGlobalInformation(String output) {
    Map<String, Long> values = new HashMap<>();
    int start = output.lastIndexOf("---- Global Information");
    Matcher m = Pattern.compile("(?m)^> ([a-z0-9 ()]+?)\\s+\\|\\s+(\\d+) \\|").matcher(output.substring(start));
    while (m.find()) {
      values.putIfAbsent(m.group(1).trim(), Long.parseLong(m.group(2)));
    }
    return values;
  }

  static Document parseXml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
