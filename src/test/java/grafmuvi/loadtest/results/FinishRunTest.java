package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import grafmuvi.loadtest.GrafMuviSimulation;
import grafmuvi.loadtest.testing.GatlingChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder left with nothing but its simulation.log (the JVM killed, or a folder of an older
 * version) is finished by FinishRun, in a child JVM as scripts/finish-run.sh runs it: Gatling's own
 * report, and the summaries marked interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinishRunTest {

  @TempDir static Path tmp;
  private GatlingChild.Run finished;

  @BeforeAll
  void aRealShortRun() throws Exception {
    finished =
        GatlingChild.run(
            GrafMuviSimulation.class,
            GatlingChild.latencyNotJudged(GatlingChild.shortRun("embedded", "4s")),
            Files.createTempDirectory(tmp, "run"),
            Duration.ofSeconds(90));
    assertEquals(0, finished.exitCode(), finished.output());
  }

  /** A copy of the run folder with only these of its files. */
  private Path leftWith(String name, String... keep) throws IOException {
    Path folder = tmp.resolve(name);
    Files.createDirectories(folder);
    for (String file : keep) {
      Files.copy(finished.file(file), folder.resolve(file));
    }
    return folder;
  }

  private GatlingChild.Run finish(Path folder) throws Exception {
    return GatlingChild.main(FinishRun.class, tmp, Duration.ofSeconds(90), folder.toString());
  }

  @Test
  void aRunWhoseJvmDiedWithoutAWordIsFinishedAsInterrupted() throws Exception {
    Path folder = leftWith("killed-run", "simulation.log");
    RunFile started = RunFile.read(finished.runFolder()).orElseThrow();
    started.ended(null).write(folder); // as written at the start: no end yet
    GatlingChild.Run run = finish(folder);
    assertEquals(FinishRun.INTERRUPTED, run.exitCode(), run.output());
    assertTrue(Files.isRegularFile(folder.resolve("index.html")), "no report:\n" + run.output());
    JsonNode summary = SummaryWriter.MAPPER.readTree(folder.resolve("summary.json").toFile());
    assertEquals("interrupted", summary.path("status").asText());
    assertEquals(
        "its JVM ended without finishing the run",
        summary.path("cutShort").path("reason").asText());
    assertEquals(4, summary.path("cutShort").path("plannedSeconds").asInt());
    JsonNode original = SummaryWriter.MAPPER.readTree(finished.file("summary.json").toFile());
    assertEquals(original.path("global").path("count"), summary.path("global").path("count"));
    assertEquals(
        original.path("settings"), summary.path("settings"), "the facts came from the run file");
    assertTrue(Files.readString(folder.resolve("junit.xml")).contains("RunInterrupted"));
  }

  @Test
  void anOlderFolderWithItsReportIsSummedUpAsItRan() throws Exception {
    Path folder = leftWith("older-run", "simulation.log");
    copyReport(folder);
    GatlingChild.Run run = finish(folder);
    assertEquals(0, run.exitCode(), run.output());
    JsonNode summary = SummaryWriter.MAPPER.readTree(folder.resolve("summary.json").toFile());
    assertEquals("passed", summary.path("status").asText());
    assertTrue(summary.path("cutShort").isMissingNode(), summary.toString());
  }

  @Test
  void anOlderFolderWithoutItsReportWasCutShort() throws Exception {
    Path folder = leftWith("older-cut-run", "simulation.log");
    GatlingChild.Run run = finish(folder);
    assertEquals(FinishRun.INTERRUPTED, run.exitCode(), run.output());
    assertTrue(Files.isRegularFile(folder.resolve("index.html")));
    assertTrue(
        Files.readString(folder.resolve("summary.md"))
            .lines()
            .findFirst()
            .orElse("")
            .contains("(the run wrote no report: it did not run its course)"));
  }

  @Test
  void aFolderWithoutALogIsRefused() throws Exception {
    GatlingChild.Run run = finish(Files.createDirectories(tmp.resolve("empty")));
    assertEquals(1, run.exitCode(), run.output());
    assertTrue(run.output().contains("no simulation.log in "), run.output());
  }

  private void copyReport(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(finished.runFolder())) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path rel = finished.runFolder().relativize(f);
        if (rel.toString().isEmpty() || List.of("simulation.log").contains(rel.toString())) {
          continue;
        }
        if (rel.toString().startsWith("summary")
            || rel.toString().startsWith("junit")
            || rel.toString().startsWith("grafmuvi-run")
            || rel.toString().startsWith("live")) {
          continue;
        }
        Path target = folder.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
