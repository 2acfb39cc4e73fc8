package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs in ./mvnw verify right after the smoke Gatling run (failsafe, integration-test phase): its
 * run folder holds summary.json, junit.xml and summary.md, written by the simulation itself.
 */
class SmokeRunIT {

  private static Path run;
  private static JsonNode summary;

  @BeforeAll
  static void newestSmokeRun() throws IOException {
    run =
        RunFolders.lastRun(Path.of("target", "gatling"))
            .orElseThrow(() -> new AssertionError("no run recorded in target/gatling/last-run"));
    summary = SummaryWriter.MAPPER.readTree(run.resolve("summary.json").toFile());
  }

  @Test
  void theSmokeRunLeftItsThreeFiles() {
    for (String file : List.of("index.html", "summary.json", "junit.xml", "summary.md")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing in " + run);
    }
    assertEquals("smoke", summary.path("settings").path("profile").asText());
    assertEquals("passed", summary.path("status").asText());
  }

  @Test
  void itsNumbersAddUpAndItsVerdictLineIsWellFormed() {
    JsonNode global = summary.path("global");
    assertTrue(global.path("count").asLong() > 100, global.toString());
    assertEquals(
        global.path("count").asLong(), global.path("ok").asLong() + global.path("ko").asLong());
    long perRequest = 0;
    for (JsonNode r : summary.path("requests")) {
      perRequest += r.path("count").asLong();
    }
    assertEquals(
        global.path("count").asLong(), perRequest, "the requests' rows add up to the global row");
    long timeline = 0;
    for (JsonNode p : summary.path("timeline").path("points")) {
      timeline += p.path("ok").asLong() + p.path("ko").asLong();
    }
    assertEquals(global.path("count").asLong(), timeline, "the per-second series adds up too");
    // 15 s hold ~300 requests after the ramp: "kept up" or "fell behind" is the line's business,
    // its shape and its numbers are this test's.
    JsonNode steady = summary.path("steadyState");
    assertTrue(
        steady
            .path("verdict")
            .asText()
            .matches(
                "30 users: the API (kept up|fell behind) \\(\\d+\\.\\d of 30\\.0 requests/s,"
                    + " \\d+\\.\\d %, 0 KO\\)"),
        steady.toString());
    assertEquals(30.0, steady.path("closedLoopLimit").asDouble(), 1e-9);
    assertEquals(
        steady.path("requestsPerSecond").asDouble() / 30.0 * 100,
        steady.path("percentOfLimit").asDouble(),
        1e-9);
    assertEquals(
        steady.path("percentOfLimit").asDouble() >= 95,
        steady.path("keptUp").asBoolean(),
        steady.toString());
  }

  @Test
  void junitHasOneCasePerAssertionAndMarkdownTheTable() throws IOException {
    String junit = Files.readString(run.resolve("junit.xml"));
    int cases = junit.split("<testcase ", -1).length - 1;
    assertEquals(summary.path("assertions").size(), cases, junit);
    assertTrue(cases >= 3);
    String md = Files.readString(run.resolve("summary.md"));
    assertTrue(
        md.contains("| **All requests** | " + summary.path("global").path("count").asLong() + " |"),
        md);
  }
}
