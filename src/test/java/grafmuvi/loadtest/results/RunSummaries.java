package grafmuvi.loadtest.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes summary.json, junit.xml and summary.md into a run folder and says so: the headline (the
 * verdict line, or a stair run's answer), the baseline table, the files. Called from the
 * simulation's {@code after()} (Gatling has closed simulation.log by then, and judges the same log
 * with the same validator right after), or for a run cut short. Only writes and prints: Gatling's
 * exit status stays the verdict.
 */
public final class RunSummaries {

  private RunSummaries() {}

  public static Summary write(Path runFolder, RunSummary.Facts facts, RunSummary.Measured measured)
      throws IOException {
    Summary summary = RunSummary.of(runFolder, facts, measured);
    List<Path> files = SummaryWriter.writeAll(summary, runFolder);
    if (summary.levels() != null && !summary.levels().isEmpty()) {
      System.out.print(SummaryWriter.levelsTable(summary.levels()));
    }
    if (summary.answer() != null) {
      System.out.println(summary.answer());
    } else if (summary.headline() != null) {
      System.out.println("GrafMuvi verdict: " + summary.headline());
    }
    if (summary.cutShort() != null && summary.steadyState() == null) {
      System.out.println("GrafMuvi verdict: " + summary.cutShort().words());
    }
    if (summary.baseline() != null) {
      System.out.print(
          "GrafMuvi baseline "
              + summary.baseline().file()
              + ":\n"
              + Baseline.table(summary.baseline().rows()));
    }
    System.out.println("GrafMuvi results: " + files);
    return summary;
  }
}
