package grafmuvi.loadtest.run;

import com.sun.management.UnixOperatingSystemMXBean;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.loadtest.settings.Settings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Before any request: can this process hold the workload? Each connection is an open file (two with
 * the embedded API in the same JVM: its end and the server's) and, towards one target address, a
 * local port. A workload that needs more than the process's open-files limit or the local port
 * range is refused, naming the setting, the limit and how to raise it; one that comes close is
 * warned about. Otherwise every request would fail with the injector's own "Too many open files" or
 * "Cannot assign requested address", counted like the API's failures.
 */
public final class Preflight {

  /** Files the JVM keeps open besides connections (jars, logs, the report), with room to spare. */
  static final long OWN_FILES = 300;

  /** Above this share of a limit, a warning. */
  static final double CLOSE = 0.8;

  private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private Preflight() {}

  /** Refuses (InvalidSettingsException) or warns; returns the warnings printed. */
  public static List<String> check(Settings settings) {
    return check(settings, openFilesLimit(), openFiles(), localPorts());
  }

  static List<String> check(
      Settings settings, Optional<Long> limit, long open, Optional<Long> ports) {
    // An answer within the p99 ceiling, and never longer than the request timeout.
    java.time.Duration answer =
        settings.thresholds().p99().compareTo(settings.requestTimeout()) < 0
            ? settings.thresholds().p99()
            : settings.requestTimeout();
    long connections = settings.workload().connections(answer);
    long perConnection = settings.target().embedded() ? 2 : 1;
    long files = connections * perConnection + OWN_FILES;
    String key = settings.workload().connectionsKey(settings.profile());
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (limit.isPresent()) {
      long available = limit.get() - open;
      String need =
          String.format(
              Locale.ROOT,
              "%,d connections need about %,d open files (%s%,d for the JVM itself) and this"
                  + " process may open %,d (ulimit -n), %,d of them already open",
              connections,
              files,
              perConnection == 2 ? "two each with the embedded API in this JVM, plus " : "plus ",
              OWN_FILES,
              limit.get(),
              open);
      if (files > available) {
        problems.add(
            key
                + " ("
                + profileWords(settings)
                + "): "
                + need
                + "; raise the limit (ulimit -n <n> in the shell that runs Maven, up to the hard"
                + " limit: ulimit -Hn) or lower "
                + key);
      } else if (files > CLOSE * available) {
        warnings.add("close to the open-files limit: " + need);
      }
    }
    if (ports.isPresent() && connections > ports.get()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s (%s): %,d connections to one target need as many local ports, and the range"
                  + " (%s) has %,d; widen it (sysctl net.ipv4.ip_local_port_range) or lower %s",
              key,
              profileWords(settings),
              connections,
              PORT_RANGE,
              ports.get(),
              key));
    } else if (ports.isPresent() && connections > CLOSE * ports.get()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "close to the local port range: %,d connections of %,d ports",
              connections,
              ports.get()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    warnings.forEach(w -> System.out.println("WARNING injector pre-flight: " + w));
    return warnings;
  }

  private static String profileWords(Settings settings) {
    return "profile "
        + settings.profile()
        + (settings.workload().closedLoop().isPresent()
            ? ": "
                + settings.workload().closedLoop().get().users()
                + " looping users, one connection each"
            : ": requests in flight at the peak rate when each takes the p99 ceiling");
  }

  /** The process's open-files limit, where the platform tells it. */
  static Optional<Long> openFilesLimit() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
        ? Optional.of(u.getMaxFileDescriptorCount())
        : Optional.empty();
  }

  static long openFiles() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
        ? u.getOpenFileDescriptorCount()
        : 0;
  }

  /** How many local ports the kernel hands out (Linux), if it says. */
  static Optional<Long> localPorts() {
    try {
      String[] range = Files.readString(PORT_RANGE).trim().split("\\s+");
      return Optional.of(Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
