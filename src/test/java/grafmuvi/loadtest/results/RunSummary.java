package grafmuvi.loadtest.results;

import java.nio.file.Path;
import java.time.Duration;
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
   * What the simulation adds to the log.
   *
   * @param settings the settings in force, secrets masked
   * @param workload what shapes the load (for comparing with a baseline)
   * @param closedLoop looping users and their pauses, for the steady-state line; empty otherwise
   * @param baselineFile the baseline file, when the run was held to one
   * @param tolerances the tolerances of that comparison
   * @param baselineRows the baseline limits by the message of the Gatling assertion enforcing each
   * @param sections extra sections (injector self-check, capacity, embedded API)
   */
  public record Facts(
      Map<String, Object> settings,
      Map<String, Object> workload,
      Optional<ClosedLoop> closedLoop,
      Optional<String> baselineFile,
      Tolerances tolerances,
      Map<String, BaselineGate.Row> baselineRows,
      Map<String, Object> sections) {}

  /**
   * Users looping with a pause: the most they can send is users / mean pause.
   *
   * @param keptUpPercent the share of that limit the API must reach to have "kept up"
   * @param maxKoPercent the failed-requests share it must stay within
   *     (grafmuvi.assertions.failed-percent)
   */
  public record ClosedLoop(
      int users,
      Duration ramp,
      Duration duration,
      Duration pauseMin,
      Duration pauseMax,
      double keptUpPercent,
      double maxKoPercent) {}

  /** Reads runFolder/simulation.log and builds its summary. */
  public static Summary of(Path runFolder, Facts facts) {
    RunLog log = RunLog.read(runFolder);
    List<Summary.Stats> requests = new ArrayList<>();
    for (String name : log.requestNames()) {
      requests.add(log.stats(name));
    }
    Map<String, String> sources = new java.util.HashMap<>();
    facts.baselineRows().keySet().forEach(m -> sources.put(m, "baseline"));
    List<Summary.AssertionOutcome> assertions = log.assertions(sources);
    boolean passed = assertions.stream().allMatch(Summary.AssertionOutcome::passed);
    Summary.Timeline timeline = log.timeline();
    Summary.BaselineResult baseline =
        facts
            .baselineFile()
            .map(
                file ->
                    new Summary.BaselineResult(
                        file, facts.tolerances(), judged(facts.baselineRows(), assertions)))
            .orElse(null);
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
        facts.closedLoop().map(loop -> steadyState(loop, timeline)).orElse(null),
        baseline,
        facts.sections());
  }

  private static List<BaselineGate.Row> judged(
      Map<String, BaselineGate.Row> rows, List<Summary.AssertionOutcome> outcomes) {
    List<BaselineGate.Row> out = new ArrayList<>();
    rows.forEach(
        (message, row) ->
            outcomes.stream()
                .filter(o -> o.message().equals(message))
                .findFirst()
                .ifPresentOrElse(
                    o -> out.add(row.judged(o.actual(), o.passed())), () -> out.add(row)));
    return out;
  }

  /**
   * The window from the end of the ramp plus the longest pause (every user has looped at least
   * once) to the last whole second before the run's end, as Gatling's per-second series counts it.
   */
  static Summary.SteadyState steadyState(ClosedLoop loop, Summary.Timeline timeline) {
    int from = (int) Math.ceil((loop.ramp().toMillis() + loop.pauseMax().toMillis()) / 1000.0);
    int to = (int) (loop.duration().toMillis() / 1000) - 1;
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
    double meanPauseSeconds = (loop.pauseMin().toMillis() + loop.pauseMax().toMillis()) / 2000.0;
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
