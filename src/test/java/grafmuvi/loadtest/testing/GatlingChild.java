package grafmuvi.loadtest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

  /** Runs simulation with these -D properties in workDir; fails the calling test after timeout. */
  public static Run run(
      Class<?> simulation, Map<String, String> properties, Path workDir, Duration timeout)
      throws IOException, InterruptedException {
    Path results = workDir.resolve("results");
    Files.createDirectories(results);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As the Maven plugin does: Gatling needs it.
    cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    cmd.add("-Xmx512m");
    cmd.add("-XX:TieredStopAtLevel=1"); // short runs: start fast rather than peak
    cmd.add("-Dhttps.proxyHost=127.0.0.1"); // Gatling's check for a newer release goes nowhere,
    cmd.add("-Dhttps.proxyPort=9"); // as in the pom's jvmArgs
    cmd.add("-Dgrafmuvi.results-folder=" + results); // as pom.xml passes the plugin's
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
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "the Gatling run did not end within " + timeout + ":\n" + Files.readString(log));
    }
    String prefix = simulation.getSimpleName().toLowerCase(java.util.Locale.ROOT) + "-";
    Path folder;
    try (Stream<Path> s = Files.list(results)) {
      folder =
          s.filter(d -> d.getFileName().toString().startsWith(prefix)).findFirst().orElse(null);
    }
    return new Run(p.exitValue(), Files.readString(log), folder, workDir);
  }
}
