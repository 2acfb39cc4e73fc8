package grafmuvi.loadtest.testing;

import grafmuvi.loadtest.results.RunFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Gatling run in a child JVM, as gatling-maven-plugin forks it: the test class path, {@code
 * io.gatling.app.Gatling -s <simulation> -rf <results>} and grafmuvi.results-folder, in a working
 * directory of the test's.
 */
public final class GatlingChild {

  /** What the run left: its exit status, its console output and its report folder (or null). */
  public record Run(int exitCode, String output, Path runFolder, Path workDir) {
    public Path file(String name) {
      return runFolder.resolve(name);
    }
  }

  /** The Gatling JVM's flags, shared with pom.xml and bench/lib.sh. */
  public static final Path JVM_OPTIONS = Path.of(".gatling", "jvm.options");

  private GatlingChild() {}

  /**
   * -D properties of a short smoke-shaped run against baseUrl (3 users arriving in 1 s, 50-100 ms
   * pauses, for duration), then these key-value pairs.
   */
  public static Map<String, String> shortRun(String baseUrl, String duration, String... more) {
    Map<String, String> props = new java.util.HashMap<>();
    props.put("grafmuvi.profile", "smoke");
    props.put("grafmuvi.base-url", baseUrl);
    props.put("grafmuvi.users", "3");
    props.put("grafmuvi.ramp", "1s");
    props.put("grafmuvi.duration", duration);
    props.put("grafmuvi.pause.min", "50ms");
    props.put("grafmuvi.pause.max", "100ms");
    for (int i = 0; i < more.length; i += 2) {
      props.put(more[i], more[i + 1]);
    }
    return props;
  }

  /**
   * These properties with the response-time ceilings lifted (the failed-requests one stays): for
   * tests about something else than speed, on a machine that may be busy.
   */
  public static Map<String, String> latencyNotJudged(Map<String, String> properties) {
    Map<String, String> props = new java.util.HashMap<>(properties);
    for (String key : List.of("p95", "p99", "per-request.p95", "per-request.p99")) {
      props.put("grafmuvi.assertions." + key, "60s");
    }
    return props;
  }

  /** Runs simulation with these -D properties in workDir; fails the calling test after timeout. */
  public static Run run(
      Class<?> simulation, Map<String, String> properties, Path workDir, Duration timeout)
      throws IOException, InterruptedException {
    return start(simulation, properties, workDir, List.of()).await(timeout);
  }

  /**
   * Starts simulation with these -D properties in workDir, its command behind prefix (e.g. {@code
   * sh -c 'ulimit -n 400; exec "$0" "$@"'}); the run goes on while the test watches it.
   */
  public static Started start(
      Class<?> simulation, Map<String, String> properties, Path workDir, List<String> prefix)
      throws IOException {
    Path results = workDir.resolve("results");
    Files.createDirectories(results);
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The flags the Maven plugin gives the Gatling JVM (pom.xml), from the one file that holds
    // them.
    cmd.add("@" + JVM_OPTIONS.toAbsolutePath());
    cmd.add("-Xmx512m");
    cmd.add("-XX:TieredStopAtLevel=1"); // short runs: start fast rather than peak
    cmd.add("-Dgrafmuvi.results-folder=" + results); // as pom.xml passes the plugin's
    cmd.add("-Dgrafmuvi.live.enabled=false"); // no live page unless a test asks for one
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.gatling.app.Gatling");
    cmd.add("-s");
    cmd.add(simulation.getName());
    cmd.add("-rf");
    cmd.add(results.toString());
    Path log = workDir.resolve("console.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Started(p, log, results, workDir);
  }

  /**
   * Runs a main class of the project in a child JVM with the Gatling JVM's flags, in workDir;
   * returns its exit status and output.
   */
  public static Run main(Class<?> main, Path workDir, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + JVM_OPTIONS.toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(workDir, "main", ".log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(main.getName() + " did not end within " + timeout);
    }
    return new Run(p.exitValue(), Files.readString(log), null, workDir);
  }

  /** A run going on: its process, its console so far, and its end. */
  public record Started(Process process, Path log, Path results, Path workDir) {

    /** The console output so far. */
    public String output() throws IOException {
      return Files.readString(log);
    }

    /** Waits for the run's end; fails the calling test after timeout. */
    public Run await(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "the Gatling run did not end within " + timeout + ":\n" + output());
      }
      Path folder = RunFolders.lastRun(results).orElse(null);
      return new Run(process.exitValue(), output(), folder, workDir);
    }
  }
}
