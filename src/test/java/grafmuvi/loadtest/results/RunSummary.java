package grafmuvi.loadtest.results;

import grafmuvi.loadtest.settings.Looping;
import grafmuvi.loadtest.settings.Settings;
import grafmuvi.loadtest.settings.Thresholds;
import grafmuvi.loadtest.settings.Tolerances;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a run's {@link Summary} from its simulation.log ({@link RunLog}), what the simulation knew
 * before it started ({@link Facts}) and what it measured besides Gatling ({@link Measured}).
 * Nothing here judges pass or fail: that is Gatling's assertions; the verdict line only describes.
 */
public final class RunSummary {

  private RunSummary() {}

  /**
   * What the simulation knows about the run beyond its log: plain data, written down at the start
   * of a run (in {@link RunFile}) and read back by whoever builds the summary.
   *
   * @param settings the settings in force, secrets masked
   * @param workload what shapes the load (for comparing with a baseline)
   * @param closedLoop looping users and their pauses, for the verdict line; null otherwise
   * @param baselineFile the baseline file, when the run was held to one
   * @param tolerances the tolerances of that comparison
   * @param limits the baseline's limits (each one of the run's Gatling assertions)
   * @param stairs whether the run climbs levels (then its summary has levels and an answer)
   */
  public record Facts(
      Map<String, Object> settings,
      Map<String, Object> workload,
      ClosedLoop closedLoop,
      String baselineFile,
      Tolerances tolerances,
      List<Limit> limits,
      boolean stairs) {

    public static Facts of(Settings settings, Optional<Baseline> baseline) {
      return new Facts(
          settings.describe(),
          settings.workloadDescription(),
          settings
              .workload()
              .closedLoop()
              .map(l -> ClosedLoop.of(l, settings.thresholds()))
              .orElse(null),
          baseline.map(b -> b.file().toString()).orElse(null),
          settings.tolerances(),
          baseline.map(Baseline::limits).orElse(List.of()),
          settings.workload().climbs());
    }

    /** No facts: a run folder of an older version, or of another tool. */
    public static Facts unknown() {
      return new Facts(Map.of(), Map.of(), null, null, null, List.of(), false);
    }
  }

  /**
   * Users looping with a pause: the most they can send is users / mean pause.
   *
   * @param keptUpPercent the share of that limit the API must reach to have "kept up"
   * @param maxKoPercent the failed-requests share it must stay within
   *     (grafmuvi.assertions.failed-percent)
   */
  public record ClosedLoop(
      int users,
      long rampMillis,
      long durationMillis,
      long pauseMinMillis,
      long pauseMaxMillis,
      double keptUpPercent,
      double maxKoPercent) {

    static ClosedLoop of(Looping l, Thresholds t) {
      return new ClosedLoop(
          l.users(),
          l.ramp().toMillis(),
          l.duration().toMillis(),
          l.pause().min().toMillis(),
          l.pause().max().toMillis(),
          t.keptUpPercent(),
          t.failedPercent());
    }
  }

  /**
   * What the run measured besides Gatling's log.
   *
   * @param sections extra sections (injector self-check, embedded API)
   * @param injectorSaturated whether the injector's CPU stayed above its threshold at some point
   * @param meanBytes the mean response size per request name (and "All Requests"), from the
   *     recorder
   * @param levels the judged levels of a stair run, from the recorder
   * @param cutShort how the run was cut short, or null
   */
  public record Measured(
      Map<String, Object> sections,
      boolean injectorSaturated,
      Map<String, Double> meanBytes,
      List<Summary.Level> levels,
      Summary.CutShort cutShort) {

    /** Nothing measured but the log (an older run folder, or a run that died): maybe cut short. */
    public static Measured onlyTheLog(Summary.CutShort cutShort) {
      return new Measured(Map.of(), false, Map.of(), List.of(), cutShort);
    }
  }

  /** Reads runFolder/simulation.log and builds its summary. */
  public static Summary of(Path runFolder, Facts facts, Measured measured) {
    RunLog log = RunLog.read(runFolder);
    List<Summary.Stats> requests = new ArrayList<>();
    for (Summary.Stats row : log.requests()) {
      int group = row.name().lastIndexOf(RunLog.GROUP_SEPARATOR);
      String request =
          group < 0 ? row.name() : row.name().substring(group + RunLog.GROUP_SEPARATOR.length());
      requests.add(row.withMeanBytes(measured.meanBytes().get(request)));
    }
    List<RunLog.Judged> judged = log.assertions(facts.limits());
    List<Summary.AssertionOutcome> assertions =
        judged.stream().map(RunLog.Judged::outcome).toList();
    boolean passed = assertions.stream().allMatch(Summary.AssertionOutcome::passed);
    List<Summary.ErrorCount> errors = log.errors();
    Summary.Timeline timeline = log.timeline();
    Summary.BaselineResult baseline =
        facts.baselineFile() == null
            ? null
            : new Summary.BaselineResult(
                facts.baselineFile(), facts.tolerances(), rows(facts.limits(), judged));
    Summary.SteadyState steady =
        facts.closedLoop() == null
            ? null
            : steadyState(
                facts.closedLoop(),
                timeline,
                errors,
                measured.injectorSaturated(),
                measured.cutShort());
    return new Summary(
        Summary.SCHEMA,
        log.simulationClass(),
        runFolder.getFileName().toString(),
        RunLog.gatlingVersion(),
        Instant.ofEpochMilli(log.injectStart()).toString(),
        Instant.ofEpochMilli(log.injectEnd()).toString(),
        Math.round((log.injectEnd() - log.injectStart()) / 1000.0),
        measured.cutShort() != null
            ? Summary.INTERRUPTED
            : passed ? Summary.PASSED : Summary.FAILED,
        measured.cutShort(),
        facts.settings(),
        facts.workload(),
        log.global().withMeanBytes(measured.meanBytes().get(Summary.ALL_REQUESTS)),
        requests,
        assertions,
        errors,
        timeline,
        steady,
        baseline,
        facts.stairs() ? measured.levels() : null,
        facts.stairs() ? Answer.of(measured.levels(), measured.cutShort()) : null,
        measured.sections());
  }

  /** Each limit with Gatling's verdict on the assertion that enforced it. */
  private static List<Summary.BaselineRow> rows(List<Limit> limits, List<RunLog.Judged> judged) {
    List<Summary.BaselineRow> out = new ArrayList<>();
    for (Limit limit : limits) {
      out.add(
          judged.stream()
              .filter(j -> limit.equals(j.limit()))
              .findFirst()
              .map(j -> limit.row(j.outcome().actual(), j.outcome().passed()))
              .orElseGet(limit::unjudged));
    }
    return out;
  }

  /**
   * The window from the end of the ramp plus the longest pause (every user has looped at least
   * once) to the last whole second before the run's end, as Gatling's per-second series counts it,
   * judged by the verdict's rule; an interrupted run is judged on the seconds it had.
   */
  static Summary.SteadyState steadyState(
      ClosedLoop loop,
      Summary.Timeline timeline,
      List<Summary.ErrorCount> errors,
      boolean injectorSaturated,
      Summary.CutShort cutShort) {
    int from = (int) Math.ceil((loop.rampMillis() + loop.pauseMaxMillis()) / 1000.0);
    int to = (int) (loop.durationMillis() / 1000) - 1;
    if (cutShort != null) {
      to = (int) Math.min(to, cutShort.afterSeconds() - 1);
    }
    long requests = 0;
    long failed = 0;
    int seconds = 0;
    for (Summary.Point p : timeline.points()) {
      if (p.second() >= from && p.second() + timeline.stepSeconds() <= to) {
        requests += (long) (p.ok() + p.ko()) * timeline.stepSeconds();
        failed += (long) p.ko() * timeline.stepSeconds();
        seconds += timeline.stepSeconds();
      }
    }
    double meanPauseSeconds = (loop.pauseMinMillis() + loop.pauseMaxMillis()) / 2000.0;
    Double limit = meanPauseSeconds > 0 ? loop.users() / meanPauseSeconds : null;
    String prefix =
        loop.users() + " users: " + (cutShort == null ? "" : cutShort.words() + "; until then ");
    if (seconds == 0) {
      return new Summary.SteadyState(
          from,
          to,
          0,
          0,
          limit,
          null,
          loop.keptUpPercent(),
          loop.maxKoPercent(),
          null,
          null,
          prefix
              + "too short to judge (no whole second between the ramp plus the longest pause and"
              + " the end)");
    }
    long injectorFailed =
        errors.stream()
            .filter(e -> "injector".equals(e.source()))
            .mapToLong(Summary.ErrorCount::count)
            .sum();
    String injectorCause =
        errors.stream()
            .map(e -> InjectorErrors.cause(e.message()))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    Verdict.Figures figures =
        new Verdict.Figures(
            (double) requests / seconds,
            limit,
            requests,
            failed,
            null,
            null,
            Math.min(injectorFailed, failed),
            injectorCause,
            injectorSaturated);
    Verdict verdict =
        Verdict.judge(
            figures, new Verdict.Rule(loop.keptUpPercent(), loop.maxKoPercent(), null, null));
    return new Summary.SteadyState(
        from,
        to,
        figures.rate(),
        figures.koPercent(),
        limit,
        figures.percentOfLimit(),
        loop.keptUpPercent(),
        loop.maxKoPercent(),
        limit == null ? null : verdict.keptUp(),
        verdict.label(),
        prefix
            + (limit == null
                ? "without pauses: " + Verdict.figures(figures)
                : "the API " + verdict.words()));
  }
}
