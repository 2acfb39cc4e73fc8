package grafmuvi.loadtest.results;

import grafmuvi.loadtest.settings.Looping;
import grafmuvi.loadtest.settings.Settings;
import grafmuvi.loadtest.settings.Thresholds;
import grafmuvi.loadtest.settings.Tolerances;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a run's {@link Summary} from its simulation.log ({@link RunLog}) and what the simulation
 * knows about the run ({@link Facts}). Nothing here judges on its own: pass/fail is Gatling's
 * assertion verdict; the steady-state line only describes.
 */
public final class RunSummary {

  private RunSummary() {}

  /**
   * What the simulation knows about the run beyond its log: plain data, so that it can be written
   * down at the start of a run and read back by whoever builds the summary.
   *
   * @param settings the settings in force, secrets masked
   * @param workload what shapes the load (for comparing with a baseline)
   * @param closedLoop looping users and their pauses, for the verdict line; null otherwise
   * @param baselineFile the baseline file, when the run was held to one
   * @param tolerances the tolerances of that comparison
   * @param limits the baseline's limits (each one of the run's Gatling assertions)
   */
  public record Facts(
      Map<String, Object> settings,
      Map<String, Object> workload,
      ClosedLoop closedLoop,
      String baselineFile,
      Tolerances tolerances,
      List<Limit> limits) {

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
          baseline.map(Baseline::limits).orElse(List.of()));
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
          l.pauseMin().toMillis(),
          l.pauseMax().toMillis(),
          t.keptUpPercent(),
          t.failedPercent());
    }
  }

  /** Reads runFolder/simulation.log and builds its summary; sections are added as they are. */
  public static Summary of(Path runFolder, Facts facts, Map<String, Object> sections) {
    RunLog log = RunLog.read(runFolder);
    List<Summary.Stats> requests = new ArrayList<>();
    for (String name : log.requestNames()) {
      requests.add(log.stats(name));
    }
    List<RunLog.Judged> judged = log.assertions(facts.limits());
    List<Summary.AssertionOutcome> assertions =
        judged.stream().map(RunLog.Judged::outcome).toList();
    boolean passed = assertions.stream().allMatch(Summary.AssertionOutcome::passed);
    Summary.Timeline timeline = log.timeline();
    Summary.BaselineResult baseline =
        facts.baselineFile() == null
            ? null
            : new Summary.BaselineResult(
                facts.baselineFile(), facts.tolerances(), rows(facts.limits(), judged));
    return new Summary(
        Summary.SCHEMA,
        log.simulationClass(),
        runFolder.getFileName().toString(),
        RunLog.gatlingVersion(),
        Instant.ofEpochMilli(log.injectStart()).toString(),
        Instant.ofEpochMilli(log.injectEnd()).toString(),
        Math.round((log.injectEnd() - log.injectStart()) / 1000.0),
        passed ? Summary.PASSED : Summary.FAILED,
        facts.settings(),
        facts.workload(),
        log.stats(null),
        requests,
        assertions,
        log.errors(),
        timeline,
        facts.closedLoop() == null ? null : steadyState(facts.closedLoop(), timeline),
        baseline,
        sections);
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
   * once) to the last whole second before the run's end, as Gatling's per-second series counts it.
   */
  static Summary.SteadyState steadyState(ClosedLoop loop, Summary.Timeline timeline) {
    int from = (int) Math.ceil((loop.rampMillis() + loop.pauseMaxMillis()) / 1000.0);
    int to = (int) (loop.durationMillis() / 1000) - 1;
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
          loop.users()
              + " users: too short to judge (no whole second between the ramp plus the longest"
              + " pause and the end)");
    }
    double rate = (double) requests / seconds;
    double koPercent = requests == 0 ? 0 : 100.0 * failed / requests;
    if (limit == null) {
      return new Summary.SteadyState(
          from,
          to,
          rate,
          koPercent,
          null,
          null,
          loop.keptUpPercent(),
          loop.maxKoPercent(),
          null,
          String.format(
              Locale.ROOT,
              "%d users without pauses: %.1f requests/s, %s",
              loop.users(),
              rate,
              ko(failed, koPercent)));
    }
    double percent = 100.0 * rate / limit;
    boolean keptUp = percent >= loop.keptUpPercent() && koPercent <= loop.maxKoPercent();
    String verdict =
        String.format(
            Locale.ROOT,
            "%d users: the API %s (%.1f of %.1f requests/s, %.1f %%, %s)",
            loop.users(),
            keptUp ? "kept up" : "fell behind",
            rate,
            limit,
            percent,
            ko(failed, koPercent));
    return new Summary.SteadyState(
        from,
        to,
        rate,
        koPercent,
        limit,
        percent,
        loop.keptUpPercent(),
        loop.maxKoPercent(),
        keptUp,
        verdict);
  }

  private static String ko(long failed, double percent) {
    return failed == 0 ? "0 KO" : String.format(Locale.ROOT, "%d KO, %.2f %%", failed, percent);
  }
}
