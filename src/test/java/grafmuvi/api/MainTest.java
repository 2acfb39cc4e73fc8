package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cmd = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpShowsEveryOptionWithDefaultsFromTheConf() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (String expected :
        new String[] {
          "--host",
          "(default: 127.0.0.1)",
          "--port",
          "(default: 8080)",
          "--graph",
          "(default: seed)",
          "--ranking",
          "(default: auto)",
          "--max-paths",
          "(default: 1000)",
          "--max-depth",
          "(default: 3)",
          "--max-results",
          "(default: 10)",
          "--response-delay",
          "(default: 0ms)",
          "--max-concurrent-requests",
          "(default: 256)",
          "--write-limit-count",
          "(default:",
          "--write-limit-window",
          "(default: 30m)",
          "--max-request-body",
          "(default: 16KiB)"
        }) {
      assertTrue(r.out().contains(expected), "help shows " + expected + ":\n" + r.out());
    }
  }

  @Test
  void unknownOptionIsRefusedAndNothingStarts() {
    Run r = run("--bogus");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    assertTrue(r.out().isEmpty(), "nothing served: " + r.out());
  }

  @Test
  void badValueIsRefusedWithTheSettingNamed() {
    Run r = run("--port", "70000");
    assertEquals(2, r.exit());
    assertTrue(
        r.err()
            .contains(
                "Invalid setting: grafmuvi.api.port = \"70000\" (from command line): must be an"
                    + " integer from 0 to 65535"),
        r.err());
    assertTrue(r.out().isEmpty(), r.out());
    Run delay = run("--port", "0", "--response-delay", "slow");
    assertEquals(2, delay.exit());
    assertTrue(
        delay.err().contains("grafmuvi.api.response-delay = \"slow\" (from command line)"),
        delay.err());
  }

  @Test
  void aGraphFileWithErrorsIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.graph");
    Files.writeString(bad, "movie\ttt1\t1972\tA\nmovie\ttt1\t-5\tB\nsimilar\ttt1\ttt9\t1\n");
    Run r = run("--port", "0", "--graph", bad.toString());
    assertEquals(2, r.exit());
    assertTrue(
        r.err()
            .contains(
                "Invalid settings:\n  grafmuvi.api.graph = \""
                    + bad
                    + "\": the graph file it names was refused (3 problems, each as file:line:"
                    + " reason):\n  "
                    + bad
                    + ":2: duplicate movie id tt1 (first at line 1)\n  "
                    + bad
                    + ":2: released must be a year from 0 to 9999, got -5\n  "
                    + bad
                    + ":3: similar names unknown movie tt9\n"),
        r.err());
    assertTrue(r.out().isEmpty(), "nothing served: " + r.out());
    Run missing = run("--port", "0", "--graph", dir.resolve("none.graph").toString());
    assertEquals(2, missing.exit());
    assertTrue(
        missing
            .err()
            .contains(
                "grafmuvi.api.graph = \""
                    + dir.resolve("none.graph")
                    + "\" (from command line): is not a readable file; must be seed, dataset or the"
                    + " path of a graph file"),
        missing.err());
    Run dense = run("--port", "0", "--graph", "dataset", "--ranking", "paths");
    assertEquals(2, dense.exit());
    assertTrue(
        dense.err().contains("grafmuvi.api.ranking = paths: the graph dataset is too dense"),
        dense.err());
  }

  @Test
  void servesPrintsTheGraphAndOneReadyLineAndExitsZeroOnSigterm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "grafmuvi.api.Main",
                "--port",
                "0",
                "--graph",
                "dataset",
                "--max-results",
                "3")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String graph = out.readLine();
      assertTrue(
          graph != null
              && graph.startsWith("Graph dataset: 3201 movies, ")
              && graph.contains(
                  "SIMILAR edges; ranking movies (max-depth 3, max-results 3), auto: "),
          graph);
      String ready = out.readLine();
      assertTrue(
          ready != null && ready.matches("GrafMuvi API listening on http://127\\.0\\.0\\.1:\\d+"),
          ready);
      URI base = URI.create(ready.substring(ready.indexOf("http://")));
      assertEquals(200, Http.get(base, "/status").statusCode());
      assertEquals(
          3,
          new ObjectMapper().readTree(Http.get(base, "/api/id/tt0068646").body()).size(),
          "--max-results applied");
      p.toHandle().destroy(); // SIGTERM, keeping our end of stdout open
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stopped");
      assertEquals("GrafMuvi API stopped", out.readLine(), "the clean stop ran");
      assertEquals(143, p.exitValue(), "the JVM's status for SIGTERM, after the clean stop");
      assertEquals(null, out.readLine(), "nothing else printed");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void missingOptionValueIsRefused() {
    Run r = run("--port");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Missing required parameter"), r.err());
  }
}
