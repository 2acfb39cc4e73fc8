package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.loadtest.testing.GatlingChild;
import grafmuvi.loadtest.testing.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A passing run, then the same workload held to it as a baseline (real child Gatling runs): against
 * the same target it passes; against a slower one Gatling's own assertions fail it with exit status
 * 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class BaselineGateTest {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "PLANTED-pw-5e1d";
  private static final long SERVICE_MILLIS = 50;

  @TempDir static Path tmp;

  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private LoopbackServer fast;
  private GatlingChild.Run first;

  @BeforeAll
  void aFirstRunPasses() throws Exception {
    fast =
        LoopbackServer.serving(
            exchange -> {
              authorizations.add(
                  String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
              // A time of its own, so that its baseline is the target's and not the machine's: an
              // instant answer gives a p99 of a few ms, which a busy moment multiplies by 50.
              LoopbackServer.stall(SERVICE_MILLIS);
              LoopbackServer.answerWell(exchange);
            });
    first = run("http://admin:" + PASSWORD + "@127.0.0.1:" + fast.port());
  }

  @AfterAll
  void stopServer() {
    fast.close();
  }

  private GatlingChild.Run run(String baseUrl, String... more) throws Exception {
    // The ceilings are lifted: these runs are about the baseline gate, on a machine that may be
    // busy.
    Map<String, String> props = GatlingChild.latencyNotJudged(GatlingChild.shortRun(baseUrl, "6s"));
    for (int i = 0; i < more.length; i += 2) {
      props.put(more[i], more[i + 1]);
    }
    return GatlingChild.run(
        GrafMuviSimulation.class, props, Files.createTempDirectory(tmp, "run"), BOUND);
  }

  private Path baseline() {
    return first.file("summary.json");
  }

  @Test
  void aPassingRunPassesSendsTheUrlsCredentialsAndPrintsThemNowhere() throws Exception {
    assertEquals(0, first.exitCode(), first.output());
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertTrue(
        authorizations.contains(basic),
        "basic authentication from the URL's user-info: " + authorizations.get(0));
    assertTrue(
        first.output().contains("GrafMuvi target: http://****@127.0.0.1:" + fast.port()),
        first.output());
    FailingTargetTest.assertNoFileHolds(first, PASSWORD);
  }

  @Test
  void summaryJsonMatchesGatlingsConsoleTableRowForRow() throws Exception {
    JsonNode global = JSON.readTree(first.file("summary.json").toFile()).path("global");
    Map<String, String[]> table = consoleGlobalTable(first.output());
    assertEquals(global.path("count").asText(), table.get("request count")[0]);
    assertEquals(global.path("ok").asText(), table.get("request count")[1]);
    assertEquals(
        global.path("ko").asLong() == 0 ? "-" : global.path("ko").asText(),
        table.get("request count")[2]);
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("min response time (ms)", "min");
    rows.put("max response time (ms)", "max");
    rows.put("mean response time (ms)", "mean");
    rows.put("response time std deviation (ms)", "stdDev");
    rows.put("response time 50th percentile (ms)", "p50");
    rows.put("response time 75th percentile (ms)", "p75");
    rows.put("response time 95th percentile (ms)", "p95");
    rows.put("response time 99th percentile (ms)", "p99");
    rows.forEach((row, field) -> assertEquals(table.get(row)[0], global.path(field).asText(), row));
    assertEquals(
        Double.parseDouble(table.get("mean throughput (rps)")[0]),
        global.path("meanRps").asDouble(),
        0.05);
  }

  @Test
  void theSameTargetPassesItsOwnBaseline() throws Exception {
    GatlingChild.Run again =
        run(
            fast.url(),
            "grafmuvi.baseline",
            baseline().toString(),
            // Tiny runs are noisy: this checks the gate's mechanics, not a tight tolerance.
            "grafmuvi.tolerances.p95-worse-percent",
            "5000",
            "grafmuvi.tolerances.p99-worse-percent",
            "5000",
            "grafmuvi.tolerances.throughput-lower-percent",
            "90");
    assertEquals(0, again.exitCode(), again.output());
    JsonNode summary = JSON.readTree(again.file("summary.json").toFile());
    assertTrue(
        summary.path("baseline").path("rows").size() >= 10, summary.path("baseline").toString());
    summary
        .path("baseline")
        .path("rows")
        .forEach(r -> assertTrue(r.path("passed").asBoolean(), r.toString()));
  }

  @Test
  void aSlowerTargetRegressesAndGatlingFailsTheRun() throws Exception {
    try (LoopbackServer slow =
        LoopbackServer.serving(
            exchange -> {
              if (exchange.getRequestURI().getRawPath().startsWith("/api/id/")) {
                LoopbackServer.stall(1500);
              }
              LoopbackServer.answerWell(exchange);
            })) {
      GatlingChild.Run regressed = run(slow.url(), "grafmuvi.baseline", baseline().toString());
      assertEquals(2, regressed.exitCode(), regressed.output());
      Matcher idLimit =
          Pattern.compile(
                  "similar by id: 95th percentile of response time is less than or equal to"
                      + " (\\d+)\\.0 : false")
              .matcher(regressed.output());
      assertTrue(idLimit.find(), "Gatling's console names the regression:\n" + regressed.output());
      JsonNode summary = JSON.readTree(regressed.file("summary.json").toFile());
      assertEquals("failed", summary.path("status").asText());
      assertTrue(
          summary
              .path("baseline")
              .toString()
              .contains("\"request\":\"similar by id\",\"metric\":\"p95\""));
      String junit = Files.readString(regressed.file("junit.xml"));
      assertTrue(junit.contains("type=\"BaselineRegression\""), junit);
      assertTrue(Files.readString(regressed.file("summary.md")).contains("| similar by id p95 |"));
      assertFalse(regressed.output().contains("Exception"), regressed.output());
    }
  }

  /** A console number without its thousands separators ("1,432" is 1432). */
  private static String plain(String cell) {
    return cell.replace(",", "");
  }

  /** Gatling's end-of-run "Global Information" table: row label to its Total, OK and KO cells. */
  static Map<String, String[]> consoleGlobalTable(String console) {
    Map<String, String[]> out = new LinkedHashMap<>();
    String block = console.substring(console.lastIndexOf("---- Global Information"));
    Matcher row =
        Pattern.compile("(?m)^> (.+?)\\s+\\|\\s*(\\S+) \\|\\s*(\\S+) \\|\\s*(\\S+)\\s*$")
            .matcher(block);
    while (row.find() && !out.containsKey(row.group(1).trim())) {
      out.put(
          row.group(1).trim(),
          new String[] {plain(row.group(2)), plain(row.group(3)), plain(row.group(4))});
    }
    return out;
  }
}
