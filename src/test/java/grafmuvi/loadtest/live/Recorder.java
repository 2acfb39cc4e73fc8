package grafmuvi.loadtest.live;

import grafmuvi.loadtest.results.InjectorErrors;
import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.results.Verdict;
import grafmuvi.loadtest.settings.Injector;
import grafmuvi.loadtest.settings.Phase;
import grafmuvi.loadtest.settings.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The one in-run recorder of every request the simulation sends, fed by the requests' own checks
 * (response time, body length, status) and by Gatling's failed-request log (the messages): per
 * request name and per second, counts, failures, response-time histograms (HdrHistogram) and
 * response bytes; active users; and, for each judged phase (a steady state, a level), its figures
 * and verdict. It feeds the live page, /metrics, the per-level table and the average sizes; the
 * report, assertions and summary figures stay Gatling's.
 */
public final class Recorder {

  private final List<Phase> phases;
  private final Verdict.Rule rule;
  private final int sustainedSeconds;
  private final Map<String, Meter> meters = new ConcurrentHashMap<>();
  private final List<Meter> order = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Failures failures = new Failures();
  private final AtomicInteger activeUsers = new AtomicInteger();
  private final AtomicLong injectorFailed = new AtomicLong();
  private volatile String injectorCause;
  private final Metrics metrics = new Metrics(activeUsers::get);
  private final AtomicLong startNanos = new AtomicLong();
  private volatile long closesAtNanos = Long.MAX_VALUE;
  private Runnable onStart = () -> {};

  // Tick thread only:
  private final Histogram all = new Histogram(3);
  private final Histogram second = new Histogram(3);
  private final Map<Phase, PhaseTally> tallies = new LinkedHashMap<>();
  private final List<Summary.Level> judged = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long lastInjectorFailed;
  private long ticks;
  private final Series series = new Series();
  private Consumer<Summary.Level> onJudged = level -> {};

  /** phases: the run's ramps, steady states and levels (judged against the thresholds). */
  public Recorder(List<Phase> phases, Thresholds thresholds, Injector injector) {
    this.phases = List.copyOf(phases);
    this.rule =
        new Verdict.Rule(
            thresholds.keptUpPercent(),
            thresholds.failedPercent(),
            (int) thresholds.p95().toMillis(),
            (int) thresholds.p99().toMillis());
    this.sustainedSeconds = (int) Math.max(1, injector.sustained().toSeconds());
    phases.stream().filter(Phase::judged).forEach(p -> tallies.put(p, new PhaseTally(p)));
  }

  /** Called with each judged phase as soon as it has ended (a level's verdict). */
  public void onJudged(Consumer<Summary.Level> listener) {
    this.onJudged = listener;
  }

  /**
   * Called once, when the first user arrives: second zero of the run (Gatling's injection time
   * zero, which the phases count from); the caller then ticks once a second.
   */
  public void onStart(Runnable listener) {
    this.onStart = listener;
  }

  /** Seconds since the first user arrived; 0 before. */
  public double elapsedSeconds() {
    long start = startNanos.get();
    return start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
  }

  // ---------------------------------------------------------------- fed by Gatling's threads

  /**
   * One request, answered (or failed) at answeredAtNanos: responseMillis and bodyBytes are -1 when
   * no answer came, status 0 then. Not counted when Gatling had stopped counting by then.
   */
  public void record(
      String request,
      long responseMillis,
      long bodyBytes,
      int status,
      boolean failed,
      long answeredAtNanos) {
    if (answeredAtNanos >= closesAtNanos) {
      return;
    }
    Meter m = meter(request);
    m.record(responseMillis, bodyBytes, failed);
    m.requestsBy.computeIfAbsent(status, s -> metrics.requests(request, label(s))).inc();
    if (failed) {
      m.failuresBy.computeIfAbsent(status, s -> metrics.failures(request, label(s))).inc();
    }
    if (responseMillis >= 0) {
      if (m.timePoint == null) {
        m.timePoint = metrics.responseTime(request);
      }
      m.timePoint.observe(responseMillis / 1000.0);
    }
    if (bodyBytes > 0) {
      if (m.bytesPoint == null) {
        m.bytesPoint = metrics.responseBytes(request);
      }
      m.bytesPoint.inc(bodyBytes);
    }
  }

  private static String label(int status) {
    return status > 0 ? Integer.toString(status) : Metrics.NO_ANSWER;
  }

  /**
   * Records nothing more: Gatling is stopping the run, and its statistics stop with it (an answer
   * after this is in neither count).
   */
  public void close() {
    closesAtNanos = Math.min(closesAtNanos, System.nanoTime());
  }

  /** A failed request's message, as Gatling logs it. */
  public void failed(String request, String message) {
    failures.add(request, message, elapsedSeconds());
    String cause = InjectorErrors.cause(message);
    if (cause != null) {
      injectorCause = cause;
      injectorFailed.incrementAndGet();
    }
  }

  public void userStarts() {
    activeUsers.incrementAndGet();
    if (startNanos.get() == 0 && startNanos.compareAndSet(0, System.nanoTime())) {
      onStart.run();
    }
  }

  public void userEnds() {
    activeUsers.decrementAndGet();
  }

  private Meter meter(String request) {
    Meter m = meters.get(request);
    if (m == null) {
      m = meters.computeIfAbsent(request, Meter::new);
      synchronized (order) {
        if (!order.contains(m)) {
          order.add(m);
        }
      }
    }
    return m;
  }

  // ---------------------------------------------------------------- once a second

  /**
   * Closes the second that just ended: its point on the charts, and its share of the phase it
   * belongs to; a judged phase that ends with it gets its verdict.
   */
  public synchronized void tick(double injectorCpu, double machineCpu, boolean cpuHot) {
    long t = ticks++;
    second.reset();
    long requests = 0;
    long failed = 0;
    for (Meter m : order) {
      Histogram h = m.fold();
      second.add(h);
      long[] d = m.deltas();
      requests += d[0];
      failed += d[1];
    }
    all.add(second);
    long injector = injectorFailed.get();
    long injectorDelta = injector - lastInjectorFailed;
    lastInjectorFailed = injector;
    series.add(t, requests, failed, second, activeUsers.get());
    for (PhaseTally tally : tallies.values()) {
      if (tally.phase.contains(t)) {
        tally.add(
            second,
            requests,
            failed,
            injectorDelta,
            injectorDelta > 0 ? injectorCause : null,
            injectorCpu,
            machineCpu,
            cpuHot);
        if (t == tally.phase.to() - 1) {
          Summary.Level level = tally.level(tally.verdict(rule, sustainedSeconds));
          judged.add(level);
          onJudged.accept(level);
        }
      }
    }
  }

  // ---------------------------------------------------------------- read

  /** The judged phases that have ended, with their verdicts. */
  public List<Summary.Level> judged() {
    return List.copyOf(judged);
  }

  /** The phase the run is in now, if any. */
  public Optional<Phase> phaseNow() {
    long t = (long) elapsedSeconds();
    return phases.stream().filter(p -> p.contains(t)).findFirst();
  }

  /** The verdict so far, in the present tense: "keeping up: 142.1 of 142.9 requests/s, …". */
  public synchronized Optional<String> verdictSoFar() {
    long t = Math.max(0, ticks - 1);
    for (PhaseTally tally : tallies.values()) {
      if (tally.phase.contains(t) && tally.started()) {
        Verdict v = tally.verdict(rule, sustainedSeconds);
        return Optional.of(
            tally.phase.name()
                + ": "
                + v.presentTense()
                + ": "
                + Verdict.figures(tally.figures(sustainedSeconds)));
      }
    }
    return phases.stream()
        .filter(p -> p.contains(t) && p.kind() == Phase.Kind.RAMP)
        .findFirst()
        .map(
            p ->
                String.format(
                    java.util.Locale.ROOT,
                    "%s: %d users active, %.1f requests/s",
                    p.name(),
                    activeUsers.get(),
                    series.recentRate()));
  }

  /** Mean size of the answers' bodies per request name and for all ("All Requests"), in bytes. */
  public Map<String, Double> meanBytes() {
    Map<String, Double> out = new LinkedHashMap<>();
    long bytes = 0;
    long sized = 0;
    for (Meter m : order) {
      if (m.meanBytes() != null) {
        out.put(m.name, m.meanBytes());
      }
      bytes += m.bytes.sum();
      sized += m.sized.sum();
    }
    if (sized > 0) {
      out.put(Summary.ALL_REQUESTS, (double) bytes / sized);
    }
    return out;
  }

  /** Failures that were the injector's own, and their cause. */
  public long injectorFailed() {
    return injectorFailed.get();
  }

  public io.prometheus.metrics.model.registry.PrometheusRegistry registry() {
    return metrics.registry;
  }

  /** The page's view of everything, with the series after second since (all when -1). */
  public synchronized LiveView view(long since) {
    List<LiveView.Stats> stats = new ArrayList<>();
    for (Meter m : order) {
      stats.add(
          LiveView.Stats.of(
              m.name,
              m.requests.sum(),
              m.failures.sum(),
              m.total,
              m.meanBytes(),
              m.rps.perSecond(),
              m.fps.perSecond()));
    }
    long requests = stats.stream().mapToLong(LiveView.Stats::requests).sum();
    long failed = stats.stream().mapToLong(LiveView.Stats::failures).sum();
    stats.add(
        LiveView.Stats.of(
            "Aggregated",
            requests,
            failed,
            all,
            meanBytes().get(Summary.ALL_REQUESTS),
            stats.stream().mapToDouble(LiveView.Stats::rps).sum(),
            stats.stream().mapToDouble(LiveView.Stats::fps).sum()));
    List<LiveView.Level> levels = new ArrayList<>();
    for (Summary.Level l : judged) {
      levels.add(LiveView.Level.of(l));
    }
    return new LiveView(
        phases, series.since(since), stats, failures.rows(), levels, verdictSoFar().orElse(null));
  }
}
