package grafmuvi.loadtest.run;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import grafmuvi.loadtest.live.Feed;
import grafmuvi.loadtest.live.GatlingEvents;
import grafmuvi.loadtest.live.LivePage;
import grafmuvi.loadtest.live.Recorder;
import grafmuvi.loadtest.results.Baseline;
import grafmuvi.loadtest.results.RunSummary;
import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.results.Verdict;
import grafmuvi.loadtest.settings.Phase;
import grafmuvi.loadtest.settings.Settings;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything around a run that is not load: the recorder and its once-a-second tick, the live page,
 * the injector's self-check, the run folder's files, the summaries at the end, and an end that
 * loses nothing. A run cut short (Ctrl-C or SIGTERM) asks Gatling to stop as its own
 * stopLoadGenerator does, so that Gatling closes its log, calls after() and writes its report; a
 * run whose Gatling crashed is finished from its log (Gatling's reports-only generation and the
 * summaries, see {@link FinishRun}). Either way the summaries say "interrupted", and the JVM's exit
 * status stays non-zero.
 */
public final class RunControl {

  private static final String NOT_YET = null;

  private final Settings settings;
  private final RunFolderFiles files;
  private final EmbeddedTarget target;
  private final InjectorMonitor injector;
  private final Recorder recorder;
  private final Feed feed;
  private final Optional<LivePage> page;
  private final Map<String, Object> about = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "grafmuvi-run-tick");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<String> stop = new AtomicReference<>(NOT_YET);
  private volatile Thread gatling;
  private volatile Summary.CutShort cutShort;
  private volatile boolean ended;
  private volatile RunSummary.Measured measured;
  private volatile boolean summarized;

  public RunControl(
      Settings settings, Optional<Baseline> baseline, EmbeddedTarget target, String simulation) {
    this.settings = settings;
    this.files =
        new RunFolderFiles(
            settings.resultsFolder(),
            simulation,
            RunSummary.Facts.of(settings, baseline),
            settings.workload().plannedDuration().toSeconds());
    this.target = target;
    this.injector = new InjectorMonitor(settings.injector(), target.serverThreadPrefix());
    this.recorder =
        new Recorder(settings.workload().phases(), settings.thresholds(), settings.injector());
    this.feed = new Feed(recorder);
    recorder.onJudged(this::judged);
    about.put("simulation", simulation.substring(simulation.lastIndexOf('.') + 1));
    about.put("plannedSeconds", settings.workload().plannedDuration().toSeconds());
    about.put("settings", settings.describe());
    this.page =
        settings.live().enabled()
            ? Optional.of(LivePage.bind(settings.live(), recorder, about))
            : Optional.empty();
    GatlingEvents.feed(recorder);
  }

  /**
   * A level has ended (tick thread): its verdict is printed, and a stair run that stops at its
   * first miss asks Gatling to stop.
   */
  private void judged(Summary.Level level) {
    if (!settings.workload().climbs()) {
      return;
    }
    System.out.println("GrafMuvi " + level.name() + ": " + level.verdict());
    if (settings.workload().stopsAtFirstMiss()
        && !Verdict.KEPT_UP.equals(level.outcome())
        && stop.compareAndSet(NOT_YET, level.name() + " did not keep up")) {
      System.out.println("GrafMuvi: " + level.name() + " did not keep up: stopping the run");
    }
  }

  /** How requests hand their figures to the recorder. */
  public Feed feed() {
    return feed;
  }

  /**
   * Each request chain of a user: first the run's own stop (Gatling's stopLoadGeneratorIf, which a
   * Ctrl-C sets), then the chain, inside the group of the level it runs in for a stair run.
   */
  public ChainBuilder eachRequest(ChainBuilder oneRequest) {
    ChainBuilder stopWhenAsked =
        exec(stopLoadGeneratorIf(session -> stop.get(), session -> stop.get() != null));
    boolean grouped = settings.workload().phases().stream().anyMatch(p -> p.group() != null);
    return grouped
        ? stopWhenAsked.exec(group(session -> groupNow()).on(oneRequest))
        : stopWhenAsked.exec(oneRequest);
  }

  private String groupNow() {
    return recorder.phaseNow().map(Phase::group).filter(g -> g != null).orElse("after the levels");
  }

  /** From before(): the run starts now. */
  public void starts() {
    files.runStarts();
    System.out.println("GrafMuvi settings: " + settings.describe());
    System.out.println(
        "GrafMuvi target: "
            + (settings.target().embedded()
                ? target.baseUrl() + " (embedded API)"
                : settings.target().label()));
    page.ifPresent(
        p -> System.out.println("GrafMuvi live: " + p.url() + " (charts, table, /metrics)"));
    gatling = Thread.currentThread();
    Preload.endOfRun();
    Runtime.getRuntime().addShutdownHook(new Thread(this::jvmEnds, "grafmuvi-run-end"));
    target.start();
    page.ifPresent(LivePage::start);
    injector.start();
    recorder.onStart(() -> ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS));
  }

  private void tick() {
    try {
      InjectorMonitor.Sample s = injector.sample();
      recorder.tick(s.cpuPercent(), s.machineCpuPercent(), s.cpuHot());
      files.find();
    } catch (RuntimeException | java.io.IOException e) {
      System.err.println("GrafMuvi run: ERROR in the run's tick: " + e);
    }
  }

  /** From after(): Gatling has closed its log; the summaries, then Gatling judges and reports. */
  public void ends() {
    ended = true;
    ticker.shutdown();
    InjectorMonitor.Sample last = injector.sample();
    recorder.tick(last.cpuPercent(), last.machineCpuPercent(), last.cpuHot());
    String state = cutShort == null ? "finished" : "interrupted";
    page.ifPresent(p -> p.state(state));
    files.keepLiveView(json(state));
    System.out.println(injector.line());
    target.stats().ifPresent(stats -> System.out.println("Embedded API: " + stats));
    Map<String, Object> sections = new LinkedHashMap<>();
    sections.put("injector", injector.report());
    target.stats().ifPresent(a -> sections.put("embedded API", a));
    measured =
        new RunSummary.Measured(
            sections, injector.cpuSaturated(), recorder.meanBytes(), recorder.judged(), cutShort);
    summarized = files.summarize(measured, elapsed());
  }

  /** The JVM ends: normally, on Ctrl-C/SIGTERM, or after Gatling crashed. */
  private void jvmEnds() {
    try {
      if (!ended && gatlingRuns()) {
        interrupted("Ctrl-C or SIGTERM");
      } else if (!ended) {
        crashed();
      } else if (!summarized) {
        finishFromTheLog();
      }
    } finally {
      page.ifPresent(LivePage::close);
      target.close();
    }
  }

  /** Asks Gatling to stop as it would for stopLoadGenerator, then waits for its report. */
  private void interrupted(String reason) {
    cutShort =
        new Summary.CutShort(reason, elapsed(), settings.workload().plannedDuration().toSeconds());
    page.ifPresent(p -> p.state("stopping"));
    System.out.println(
        "GrafMuvi: "
            + cutShort.words()
            + ": stopping the load; the report and summaries of what ran follow");
    stop.set("the run was " + cutShort.words());
    Duration patience =
        settings
            .requestTimeout()
            .plus(Duration.ofSeconds(120))
            .plus(settings.workload().longestPause());
    long deadline = System.nanoTime() + patience.toNanos();
    while (gatlingRuns() && System.nanoTime() < deadline) {
      sleep(100);
    }
    if (!ended) {
      System.out.println(
          "GrafMuvi: Gatling did not stop within "
              + patience.toSeconds()
              + " s: finishing from its log");
      finishFromTheLog();
    } else if (!summarized) {
      summarized = files.summarize(measured, elapsed());
    }
  }

  /** Gatling ended without calling after(): finish from its log. */
  private void crashed() {
    cutShort =
        new Summary.CutShort(
            "the Gatling run crashed (see the error above)",
            elapsed(),
            settings.workload().plannedDuration().toSeconds());
    finishFromTheLog();
  }

  /** Whether Gatling's main thread is still running the load (not ended, not in System.exit). */
  private boolean gatlingRuns() {
    Thread t = gatling;
    if (t == null || !t.isAlive()) {
      return false;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().equals("java.lang.Shutdown")
          || (frame.getClassName().equals("java.lang.Runtime")
              && frame.getMethodName().equals("exit"))) {
        return false;
      }
    }
    return true;
  }

  /** From the end of the JVM: what the run measured, then everything else from its log. */
  private void finishFromTheLog() {
    ticker.shutdownNow();
    files.finishFromTheLog(
        measured != null
            ? measured
            : new RunSummary.Measured(
                Map.of("injector", injector.report()),
                injector.cpuSaturated(),
                recorder.meanBytes(),
                recorder.judged(),
                cutShort));
  }

  private byte[] json(String state) {
    try {
      return LivePage.json(recorder, about, state, -1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long elapsed() {
    return Math.round(recorder.elapsedSeconds());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
