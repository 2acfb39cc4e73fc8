package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    try (Stream<Path> runs = Files.list(Path.of("target", "gatling"))) {
      run = runs.filter(p -> p.getFileName().toString().startsWith("grafmuvisimulation-"))
          .max(Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow(() -> new AssertionError("no GrafMuviSimulation run under target/gatling"));
    }
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
  void itsNumbersAreGatlingsOwnForTheSameLog() {
    RunLog log = RunLog.read(run);
    assertEquals(log.stats(null).count(), summary.path("global").path("count").asLong());
    assertEquals(log.requestNames().size(), summary.path("requests").size());
    assertTrue(summary.path("global").path("count").asLong() > 0);
    assertTrue(summary.path("steadyState").path("verdict").asText().startsWith("5 users: the API kept up"),
        summary.path("steadyState").toString());
  }

  @Test
  void junitHasOneCasePerAssertionAndMarkdownTheTable() throws IOException {
    String junit = Files.readString(run.resolve("junit.xml"));
    int cases = junit.split("<testcase ", -1).length - 1;
    assertEquals(summary.path("assertions").size(), cases, junit);
    assertTrue(cases >= 3);
    String md = Files.readString(run.resolve("summary.md"));
    assertTrue(md.contains("| **All requests** | " + summary.path("global").path("count").asLong() + " |"), md);
  }
}
