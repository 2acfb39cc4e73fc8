package grafmuvi.loadtest.live;

import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.results.Verdict;
import grafmuvi.loadtest.settings.Phase;
import org.HdrHistogram.Histogram;

/** What a judged phase (a steady state or a level) did, second by second; tick thread only. */
final class PhaseTally {

  final Phase phase;
  private final Histogram times = new Histogram(3);
  private long requests;
  private long failed;
  private long injectorFailed;
  private String injectorCause;
  private int seconds;
  private int hotRun;
  private int longestHotRun;
  private double peakCpu;
  private double injectorCpuSum;
  private double machineCpuSum;

  PhaseTally(Phase phase) {
    this.phase = phase;
  }

  /** One second of the phase. */
  void add(
      Histogram second,
      long requests,
      long failed,
      long injectorFailed,
      String injectorCause,
      double injectorCpu,
      double machineCpu,
      boolean cpuHot) {
    times.add(second);
    this.requests += requests;
    this.failed += failed;
    this.injectorFailed += injectorFailed;
    if (injectorCause != null) {
      this.injectorCause = injectorCause;
    }
    seconds++;
    hotRun = cpuHot ? hotRun + 1 : 0;
    longestHotRun = Math.max(longestHotRun, hotRun);
    peakCpu = Math.max(peakCpu, injectorCpu);
    injectorCpuSum += injectorCpu;
    machineCpuSum += machineCpu;
  }

  boolean started() {
    return seconds > 0;
  }

  /** The rule of the verdict line, on the seconds so far. */
  Verdict verdict(Verdict.Rule rule, int sustainedSeconds) {
    return Verdict.judge(figures(sustainedSeconds), rule);
  }

  Verdict.Figures figures(int sustainedSeconds) {
    boolean any = times.getTotalCount() > 0;
    return new Verdict.Figures(
        seconds == 0 ? 0 : (double) requests / seconds,
        phase.limit() > 0 ? phase.limit() : null,
        requests,
        failed,
        any ? (int) times.getValueAtPercentile(95.0) : null,
        any ? (int) times.getValueAtPercentile(99.0) : null,
        injectorFailed,
        injectorCause,
        longestHotRun >= sustainedSeconds);
  }

  Summary.Level level(Verdict verdict) {
    Verdict.Figures f = figures(Integer.MAX_VALUE);
    return new Summary.Level(
        phase.name(),
        phase.users(),
        phase.from(),
        phase.to(),
        requests,
        failed,
        f.rate(),
        f.limit(),
        f.koPercent(),
        f.p95(),
        f.p99(),
        Math.round(peakCpu * 10) / 10.0,
        seconds == 0 ? 0 : Math.round(injectorCpuSum / seconds * 10) / 10.0,
        seconds == 0 ? 0 : Math.round(machineCpuSum / seconds * 10) / 10.0,
        injectorFailed,
        verdict.label(),
        verdict.words());
  }
}
