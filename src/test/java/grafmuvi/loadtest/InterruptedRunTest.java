package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C as a terminal sends it: SIGINT to the whole process group of a real {@code ./mvnw
 * gatling:test} (Maven and the Gatling JVM it forks), in a copy of the project so that its build
 * does not touch this one's. The run folder then holds Gatling's report and the summaries of what
 * ran, marked interrupted, and the build has failed.
 */
class InterruptedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BOUND = Duration.ofMinutes(4);

  @TempDir Path tmp;

  @Test
  void ctrlCLeavesTheReportAndTheSummariesMarkedInterrupted() throws Exception {
    Path project = copyOfTheProject(tmp.resolve("project"));
    Path results = project.resolve("target/gatling");
    // setsid: a session and process group of its own, as a terminal's foreground job has; env
    // --default-signal: SIGINT handled as at a terminal, even when this JVM was started with it
    // ignored (a background job of a non-interactive shell is), which its children would inherit.
    Process mvn =
        new ProcessBuilder(
                "setsid",
                "env",
                "--default-signal=INT",
                "./mvnw",
                "-B",
                "gatling:test",
                "-Dgrafmuvi.profile=smoke",
                "-Dgrafmuvi.duration=120s",
                "-Dgrafmuvi.live.enabled=false")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("console.log").toFile())
            .start();
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!Files.exists(results.resolve("last-run")) && System.nanoTime() < deadline) {
      assertTrue(mvn.isAlive(), "the run ended before it started:\n" + console());
      Thread.sleep(200);
    }
    assertTrue(Files.exists(results.resolve("last-run")), "no run started:\n" + console());
    Thread.sleep(5_000); // a few seconds of load
    assertEquals(
        0, new ProcessBuilder("kill", "-INT", "--", "-" + mvn.pid()).inheritIO().start().waitFor());
    assertTrue(mvn.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS), "Maven did not stop");
    assertEquals(130, mvn.exitValue(), "Maven's status for SIGINT: the build failed");
    waitUntilTheGroupIsGone(mvn.pid(), deadline);

    Path run = results.resolve(Files.readString(results.resolve("last-run")).strip());
    for (String file : List.of("index.html", "summary.json", "junit.xml", "summary.md")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing:\n" + console());
    }
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("interrupted", summary.path("status").asText(), summary.toString());
    JsonNode cut = summary.path("cutShort");
    assertEquals(120, cut.path("plannedSeconds").asInt(), cut.toString());
    assertTrue(
        cut.path("afterSeconds").asInt() >= 3 && cut.path("afterSeconds").asInt() < 120,
        cut.toString());
    assertTrue(
        summary.path("global").path("count").asLong() > 20, summary.path("global").toString());
    String words = "interrupted after " + cut.path("afterSeconds").asInt() + " s of 120 s";
    assertTrue(
        summary.path("steadyState").path("verdict").asText().startsWith("30 users: " + words),
        summary.path("steadyState").toString());
    assertTrue(
        Files.readString(run.resolve("summary.md")).startsWith("## Gatling "), run.toString());
    assertTrue(
        Files.readString(run.resolve("summary.md")).lines().findFirst().orElse("").contains(words));
    assertTrue(Files.readString(run.resolve("junit.xml")).contains("type=\"RunInterrupted\""));
    assertTrue(console().contains("GrafMuvi verdict: 30 users: " + words), console());
  }

  private String console() throws IOException {
    return Files.readString(tmp.resolve("console.log"));
  }

  /** Every process of the group has ended (nothing is left running). */
  private static void waitUntilTheGroupIsGone(long group, long deadline) throws Exception {
    while (System.nanoTime() < deadline) {
      Process probe =
          new ProcessBuilder("kill", "-0", "--", "-" + group)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (probe.waitFor() != 0) {
        return;
      }
      Thread.sleep(200);
    }
    fail("processes of group " + group + " are still running");
  }

  /** What a fresh clone holds, without target/: the build, its wrapper and the sources. */
  private static Path copyOfTheProject(Path to) throws IOException {
    for (String entry : List.of("pom.xml", "mvnw", ".mvn", ".gatling", "src")) {
      Path from = Path.of(entry);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Path target = to.resolve(f.toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    return to;
  }
}
