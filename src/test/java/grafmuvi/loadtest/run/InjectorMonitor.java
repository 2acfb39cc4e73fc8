package grafmuvi.loadtest.run;

import grafmuvi.loadtest.settings.Injector;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The load generator watching itself once a second (the run's tick calls {@link #sample()}): its
 * CPU (the process's, less the embedded API's threads when the API runs in this JVM), the machine's
 * CPU, heap and time in GC. It warns while a threshold is exceeded for the sustained period, so
 * that a saturated injector is not mistaken for a slow API, and keeps the peaks for the end of the
 * run.
 */
public final class InjectorMonitor {

  /**
   * One second of the injector: its own CPU and the whole machine's, in percent of the machine, and
   * whether it is hot.
   */
  public record Sample(double cpuPercent, double machineCpuPercent, boolean cpuHot) {}

  private static final String NOT_MEASURED = "not measured";

  private final Injector limits;
  private final Optional<String> serverThreadPrefix;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final int cores = Runtime.getRuntime().availableProcessors();
  // The JVM reports -1 where it cannot read a CPU time: then the figure is "not measured", never a
  // guess.
  private final boolean cpuMeasured = os.getProcessCpuTime() >= 0;
  private final boolean machineMeasured = machineTicks() != null || os.getCpuLoad() >= 0;
  private long[] lastMachineTicks;
  private long lastWall;
  private long lastProcessCpu;
  private long lastServerCpu;
  private long lastGcMillis;
  private int cpuHotSeconds;
  private int gcHotSeconds;
  private int samples;
  private int warnings;
  private int cpuSaturations;
  private double peakInjectorCpu;
  private double peakSystemCpu;
  private double peakGcPercent;
  private long peakHeapUsed;
  private long heapMax;
  private long gcCount;
  private long gcMillis;

  /** serverThreadPrefix: names of the embedded API's threads, whose CPU is not the injector's. */
  public InjectorMonitor(Injector limits, Optional<String> serverThreadPrefix) {
    this.limits = limits;
    this.serverThreadPrefix = serverThreadPrefix;
  }

  public void start() {
    lastWall = System.nanoTime();
    lastProcessCpu = os.getProcessCpuTime();
    lastServerCpu = serverCpuNanos();
    lastGcMillis = gcMillisTotal();
    lastMachineTicks = machineTicks();
    gcMillis = lastGcMillis;
    gcCount = gcCountTotal();
  }

  /** The second since the last sample. */
  public synchronized Sample sample() {
    long wall = System.nanoTime();
    long processCpu = os.getProcessCpuTime();
    long serverCpu = serverCpuNanos();
    long gc = gcMillisTotal();
    double wallNanos = Math.max(1, wall - lastWall);
    // Percent of the whole machine, like top's per-process figure divided by the cores.
    double injectorCpu =
        100.0 * ((processCpu - lastProcessCpu) - (serverCpu - lastServerCpu)) / (wallNanos * cores);
    double gcPercent = 100.0 * (gc - lastGcMillis) * 1_000_000 / wallNanos;
    long[] ticks = machineTicks();
    double systemCpu =
        ticks == null || lastMachineTicks == null || ticks[1] == lastMachineTicks[1]
            ? 100.0 * Math.max(0, os.getCpuLoad())
            : 100.0 * (ticks[0] - lastMachineTicks[0]) / (ticks[1] - lastMachineTicks[1]);
    lastMachineTicks = ticks;
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    lastWall = wall;
    lastProcessCpu = processCpu;
    lastServerCpu = serverCpu;
    lastGcMillis = gc;
    samples++;
    peakInjectorCpu = Math.max(peakInjectorCpu, injectorCpu);
    peakSystemCpu = Math.max(peakSystemCpu, systemCpu);
    peakGcPercent = Math.max(peakGcPercent, gcPercent);
    peakHeapUsed = Math.max(peakHeapUsed, heap.getUsed());
    heapMax = heap.getMax();
    // Hot: the injector alone above the threshold, or the machine above it with the injector using
    // at least half of it (on a machine it shares with the target, it cannot keep its schedule).
    boolean hot =
        cpuMeasured
            && (injectorCpu > limits.cpuPercent()
                || (systemCpu > limits.cpuPercent() && injectorCpu >= systemCpu / 2));
    cpuHotSeconds = hot ? cpuHotSeconds + 1 : 0;
    gcHotSeconds = gcPercent > limits.gcPercent() ? gcHotSeconds + 1 : 0;
    long sustained = Math.max(1, limits.sustained().toSeconds());
    if (cpuHotSeconds == sustained) {
      cpuSaturations++;
      warn(
          String.format(
              "the load generator's CPU has been saturated for %ds (above %.0f %% of the machine,"
                  + " or at least half of a machine above it; now %.0f %%, machine %.0f %%): response"
                  + " times now include its own queueing, do not read them as the API's",
              sustained, limits.cpuPercent(), injectorCpu, systemCpu));
    }
    if (gcHotSeconds == sustained) {
      warn(
          String.format(
              "the load generator has spent over %.0f %% of the time in GC for %ds (now %.0f %%,"
                  + " heap %d of %d MB): give it more heap (-Xmx in .gatling/jvm.options) or fewer"
                  + " users",
              limits.gcPercent(), sustained, gcPercent, heap.getUsed() >> 20, heap.getMax() >> 20));
    }
    return new Sample(injectorCpu, systemCpu, hot);
  }

  /**
   * Whether the injector's CPU stayed above its threshold for the sustained period at least once.
   */
  public synchronized boolean cpuSaturated() {
    return cpuSaturations > 0;
  }

  private void warn(String message) {
    warnings++;
    System.out.println("WARNING injector self-check: " + message);
  }

  /** Peak figures of the run, printed at the end and written to summary.json. */
  public synchronized Map<String, Object> report() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", samples);
    out.put("warnings", warnings);
    out.put("healthy", warnings == 0);
    out.put("cores", cores);
    out.put("peakInjectorCpuPercent", cpuMeasured ? round(peakInjectorCpu) : NOT_MEASURED);
    out.put("peakMachineCpuPercent", machineMeasured ? round(peakSystemCpu) : NOT_MEASURED);
    out.put("peakGcPercent", round(peakGcPercent));
    out.put("peakHeapUsedMb", peakHeapUsed >> 20);
    out.put("heapMaxMb", heapMax >> 20);
    out.put("gcCount", gcCountTotal() - gcCount);
    out.put("gcMillis", gcMillisTotal() - gcMillis);
    out.put("cpuPercentThreshold", limits.cpuPercent());
    out.put("gcPercentThreshold", limits.gcPercent());
    return out;
  }

  public String line() {
    Map<String, Object> r = report();
    return String.format(
        "Injector self-check: %s; peak CPU %s %% (machine %s %%), peak GC %s %%, peak heap %s of %s"
            + " MB",
        warnings == 0 ? "healthy" : warnings + " warning(s)",
        r.get("peakInjectorCpuPercent"),
        r.get("peakMachineCpuPercent"),
        r.get("peakGcPercent"),
        r.get("peakHeapUsedMb"),
        r.get("heapMaxMb"));
  }

  private long serverCpuNanos() {
    if (serverThreadPrefix.isEmpty()) {
      return 0;
    }
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(serverThreadPrefix.get())) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /** Busy and total CPU ticks of the machine from /proc/stat (Linux), or null elsewhere. */
  private static long[] machineTicks() {
    try {
      String[] f =
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
              .get(0)
              .trim()
              .split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static long gcMillisTotal() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t > 0)
        .sum();
  }

  private static long gcCountTotal() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount)
        .filter(t -> t > 0)
        .sum();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
