package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark script of bench/ in its --quick mode (a few seconds of loopback load, tiny
 * numbers): it must exit 0 and print its table. The scripts install what they miss (wrk,
 * python3-locust, nginx) from the Debian packages when run as root, as CI does; the test is only
 * skipped where there is no bash at all. The full runs are documented in docs/benchmarks.md.
 */
class BenchScriptsTest {

  private static final long TIMEOUT_MINUTES = 8;

  @Test
  void fidelityQuick() throws Exception {
    String out = runQuick("fidelity.sh");
    assertTrue(out.contains("| request | Locust count |"), "fidelity table printed:\n" + out);
    assertTrue(out.contains("| similar by title |") && out.contains("| all |"), "one row per request:\n" + out);
    assertTrue(out.contains("| gatling |") && out.contains("| locust |"), "injector cost table:\n" + out);
    assertTrue(out.contains("Injector self-check"), "the Gatling run's self-check:\n" + out);
  }

  @Test
  void capacityQuick() throws Exception {
    String out = runQuick("capacity.sh");
    assertTrue(out.contains("| tool -> target | requests/s |"), "capacity table printed:\n" + out);
    for (String row : List.of("| wrk -> API |", "| Gatling -> API |", "| Locust -> API |", "| wrk -> nginx |")) {
      assertTrue(out.contains(row), row + " printed:\n" + out);
    }
  }

  @Test
  void scaleQuick() throws Exception {
    String out = runQuick("scale.sh");
    assertTrue(out.contains("| users | expected/s |"), "scale table printed:\n" + out);
    assertTrue(out.contains("| 20 |") && out.contains("| 100 |"), "one row per level:\n" + out);
  }

  @Test
  void noiseQuick() throws Exception {
    String out = runQuick("noise.sh");
    assertTrue(out.contains("| target (known latency) | injector | requests |"), "noise table printed:\n" + out);
    for (String target : List.of("| nginx static (sub-ms) |", "| API +20 ms |")) {
      for (String tool : List.of(" wrk |", " gatling |", " locust |")) {
        assertTrue(out.contains(target + tool), target + tool + " row printed:\n" + out);
      }
    }
  }

  /** Runs bash bench/SCRIPT --quick from the project directory; returns its output (stdout and stderr). */
  private static String runQuick(String script) throws IOException, InterruptedException {
    String bash = findBash();
    assumeTrue(bash != null, "bash is not installed: the bench/ scripts need it, so their --quick check is skipped");
    Path root = Path.of("").toAbsolutePath();
    assertTrue(Files.isRegularFile(root.resolve("bench").resolve(script)), "bench/" + script + " exists");
    List<String> cmd = new ArrayList<>(List.of(bash, "bench/" + script, "--quick"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
    String cp = testClasspath();
    if (cp != null) {
      pb.environment().put("BENCH_CLASSPATH", cp);
    }
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(p.getInputStream(), buf), "bench-" + script);
    reader.start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
      fail("bench/" + script + " --quick did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + text(buf));
    }
    reader.join(10_000);
    String out = text(buf);
    assertEquals(0, p.exitValue(), "bench/" + script + " --quick exit code; output:\n" + out);
    assertTrue(out.contains("|---|"), "a markdown table printed:\n" + out);
    return out;
  }

  /** The test classpath (surefire's own property, or java.class.path when it names the classes). */
  private static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || !cp.contains("test-classes")) {
      cp = System.getProperty("java.class.path");
    }
    return cp != null && cp.contains("test-classes") && cp.contains("gatling-app") ? cp : null;
  }

  private static String findBash() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/bin:/usr/bin").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bash"))) {
        return Path.of(dir, "bash").toString();
      }
    }
    return null;
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] b = new byte[8192];
    try (in) {
      for (int n; (n = in.read(b)) > 0; ) {
        synchronized (out) {
          out.write(b, 0, n);
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static String text(ByteArrayOutputStream buf) {
    synchronized (buf) {
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
