package grafmuvi.loadtest.run;

import static io.gatling.javaapi.core.CoreDsl.exec;

import grafmuvi.loadtest.settings.Settings;
import grafmuvi.loadtest.settings.Steps;
import grafmuvi.loadtest.settings.Thresholds;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Response times and failures of a capacity run, per arrival-rate level, to name the knee: the
 * highest level that, with every level below it, kept p99 and KO % within the thresholds. Requests
 * sent during the warm-up and the ramps between levels are not counted. Other profiles have no
 * levels: then it records and reports nothing.
 */
public final class CapacityLevels {

  /** What one level did. */
  public record Level(
      int rate,
      int requests,
      int failed,
      double failedPercent,
      long p99Millis,
      boolean withinThresholds) {}

  private static final String SENT_NANOS = "sentNanos";
  private static final Steps NO_LEVELS =
      new Steps(
          0,
          0,
          0,
          java.time.Duration.ZERO,
          java.time.Duration.ofSeconds(1),
          java.time.Duration.ZERO);

  private final Steps steps;
  private final Thresholds thresholds;
  private final List<int[]> times;
  private final int[] counts;
  private final int[] failures;
  // When the first user arrived: injection time zero, which the levels' windows count from.
  private final java.util.concurrent.atomic.AtomicLong startNanos =
      new java.util.concurrent.atomic.AtomicLong();

  /** The levels of a capacity (steps) profile; none for the others. */
  public static CapacityLevels of(Settings settings) {
    return new CapacityLevels(
        settings.workload() instanceof Steps s ? s : NO_LEVELS, settings.thresholds());
  }

  private CapacityLevels(Steps steps, Thresholds thresholds) {
    this.steps = steps;
    this.thresholds = thresholds;
    this.times = new ArrayList<>();
    for (int i = 0; i < steps.levels(); i++) {
      // Room for twice the level's expected requests; more are counted but not timed.
      long expected = (long) steps.rateOfLevel(i) * steps.levelDuration().toSeconds();
      times.add(new int[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, 2 * expected))]);
    }
    this.counts = new int[steps.levels()];
    this.failures = new int[steps.levels()];
  }

  /** chain, its start and duration recorded for the level it started in. */
  public ChainBuilder timed(ChainBuilder chain) {
    return exec(session -> {
          long now = System.nanoTime();
          startNanos.compareAndSet(0, now);
          return session.set(SENT_NANOS, now);
        })
        .exec(chain)
        .exec(
            session -> {
              long sent = session.getLong(SENT_NANOS);
              record(sent, (int) ((System.nanoTime() - sent) / 1_000_000), session.isFailed());
              return session;
            });
  }

  /** One request that started at sentNanos and took elapsedMillis, failed or not. */
  synchronized void record(long sentNanos, int elapsedMillis, boolean failed) {
    int level = levelAt(sentNanos - startNanos.get());
    if (level < 0) {
      return;
    }
    int index = counts[level]++;
    int[] levelTimes = times.get(level);
    if (index < levelTimes.length) {
      levelTimes[index] = elapsedMillis;
    }
    if (failed) {
      failures[level]++;
    }
  }

  /** Each level in order, with its figures. */
  synchronized List<Level> levels() {
    List<Level> out = new ArrayList<>();
    for (int i = 0; i < steps.levels(); i++) {
      int n = counts[i];
      int failed = failures[i];
      int[] sorted = Arrays.copyOf(times.get(i), Math.min(n, times.get(i).length));
      Arrays.sort(sorted);
      long p99 = sorted.length == 0 ? 0 : sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
      double failedPercent = n == 0 ? 0 : 100.0 * failed / n;
      boolean ok =
          n > 0
              && p99 <= thresholds.p99().toMillis()
              && failedPercent <= thresholds.failedPercent();
      out.add(new Level(steps.rateOfLevel(i), n, failed, failedPercent, p99, ok));
    }
    return out;
  }

  /**
   * The highest rate that, with all below it, stayed within the thresholds; 0 if the first did not.
   */
  public static int knee(List<Level> levels) {
    int knee = 0;
    for (Level level : levels) {
      if (!level.withinThresholds()) {
        break;
      }
      knee = level.rate();
    }
    return knee;
  }

  /** The levels and the knee, as written to summary.json; empty without levels. */
  public Optional<Map<String, Object>> report() {
    if (steps.levels() == 0) {
      return Optional.empty();
    }
    List<Level> levels = levels();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kneeUsersPerSec", knee(levels));
    out.put("kneeReached", knee(levels) < levels.get(levels.size() - 1).rate());
    out.put("p99Threshold", thresholds.p99().toMillis());
    out.put("failedPercentThreshold", thresholds.failedPercent());
    out.put("levels", levels);
    return Optional.of(out);
  }

  /** The levels and the knee, as printed at the end of the run; empty without levels. */
  public Optional<String> table() {
    if (steps.levels() == 0) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder("Capacity levels (users/s = requests/s):\n");
    sb.append(
        String.format(
            "  %8s %9s %7s %8s %8s  %s%n",
            "rate", "requests", "KO", "KO %", "p99 ms", "within thresholds"));
    List<Level> levels = levels();
    for (Level l : levels) {
      sb.append(
          String.format(
              "  %8d %9d %7d %8.2f %8d  %s%n",
              l.rate(),
              l.requests(),
              l.failed(),
              l.failedPercent(),
              l.p99Millis(),
              l.withinThresholds() ? "yes" : "NO"));
    }
    int knee = knee(levels);
    int top = levels.get(levels.size() - 1).rate();
    sb.append(
        String.format(
            "Knee: %d users/s (highest level with p99 <= %d ms and KO <= %.2f %% at it and below)",
            knee, thresholds.p99().toMillis(), thresholds.failedPercent()));
    if (knee == top) {
      sb.append(
          String.format(
              "%nThe knee was not reached: every level up to %d users/s held; raise "
                  + "grafmuvi.profiles.capacity.levels or step to find it",
              top));
    }
    return Optional.of(sb.toString());
  }

  private int levelAt(long sinceInjectionNanos) {
    long sinceStartNanos = sinceInjectionNanos - steps.warmUp().toNanos();
    long levelNanos = steps.levelDuration().toNanos();
    long period = levelNanos + steps.rampBetween().toNanos();
    if (sinceStartNanos < 0) {
      return -1;
    }
    int level = (int) (sinceStartNanos / period);
    boolean inRamp = sinceStartNanos % period >= levelNanos;
    return level >= steps.levels() || inRamp ? -1 : level;
  }
}
