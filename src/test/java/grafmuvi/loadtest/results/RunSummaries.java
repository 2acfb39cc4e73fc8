package grafmuvi.loadtest.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes summary.json, junit.xml and summary.md into this run's folder from the simulation's {@code
 * after()}: Gatling has closed simulation.log by then, and judges the same log with the same
 * validator right after. Only writes and prints: Gatling's exit status stays the verdict.
 */
public final class RunSummaries {

  private final Optional<Path> resultsFolder;
  private final String simulation;
  private final RunSummary.Facts facts;
  private volatile long startedMillis;

  /** resultsFolder: Gatling's results folder (empty: no summaries); facts: what the run knows. */
  public RunSummaries(Optional<Path> resultsFolder, String simulation, RunSummary.Facts facts) {
    this.resultsFolder = resultsFolder;
    this.simulation = simulation;
    this.facts = facts;
  }

  /** Called from before(): Gatling starts the run, and names its folder, right after. */
  public void runStarts() {
    startedMillis = System.currentTimeMillis();
  }

  /** Writes the three files with these extra sections; prints the verdict line and the paths. */
  public void write(Map<String, Object> sections) {
    if (resultsFolder.isEmpty()) {
      System.out.println(
          "GrafMuvi results: no grafmuvi.results-folder set, so no summary.json, junit.xml,"
              + " summary.md");
      return;
    }
    Path results = resultsFolder.get();
    Optional<Path> folder = RunFolders.find(results, simulation, startedMillis);
    if (folder.isEmpty()) {
      System.err.println(
          "GrafMuvi results: ERROR: no run folder of "
              + simulation
              + " started in "
              + results
              + " (is grafmuvi.results-folder Gatling's results folder?): no summary written");
      return;
    }
    try {
      RunFolders.writeLastRun(folder.get());
      Summary summary = RunSummary.of(folder.get(), facts, sections);
      List<Path> files = SummaryWriter.writeAll(summary, folder.get());
      if (summary.steadyState() != null) {
        System.out.println("GrafMuvi verdict: " + summary.steadyState().verdict());
      }
      if (summary.baseline() != null) {
        System.out.print(
            "GrafMuvi baseline "
                + summary.baseline().file()
                + ":\n"
                + Baseline.table(summary.baseline().rows()));
      }
      System.out.println("GrafMuvi results: " + files);
    } catch (SummaryFormatException | IOException | UncheckedIOException e) {
      System.err.println("GrafMuvi results: ERROR: " + e.getMessage() + ": no summary written");
    }
  }
}
