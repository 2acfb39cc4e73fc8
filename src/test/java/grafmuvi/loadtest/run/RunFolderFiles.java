package grafmuvi.loadtest.run;

import grafmuvi.loadtest.results.FinishRun;
import grafmuvi.loadtest.results.RunFile;
import grafmuvi.loadtest.results.RunFolders;
import grafmuvi.loadtest.results.RunSummaries;
import grafmuvi.loadtest.results.RunSummary;
import grafmuvi.loadtest.results.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the run writes into its folder besides Gatling's report: as soon as the folder exists,
 * last-run and the run file (the facts its summary needs); at the end the summaries, the recorder's
 * last view and how the run ended; or, for a run cut short, everything from its log.
 */
final class RunFolderFiles {

  /** The recorder's last view, kept in the run folder beside Gatling's report. */
  static final String LIVE_FILE = "live.json";

  private final Optional<Path> results;
  private final String simulation;
  private final RunSummary.Facts facts;
  private final long plannedSeconds;
  private volatile long startedMillis;
  private volatile Path folder;

  RunFolderFiles(
      Optional<Path> results, String simulation, RunSummary.Facts facts, long plannedSeconds) {
    this.results = results;
    this.simulation = simulation;
    this.facts = facts;
    this.plannedSeconds = plannedSeconds;
  }

  /** Gatling names the run's folder after the instant right after before() returns. */
  void runStarts() {
    startedMillis = System.currentTimeMillis();
  }

  /** Looks for the run's folder (once a second until found): then last-run and the run file. */
  void find() throws IOException {
    if (folder != null || results.isEmpty()) {
      return;
    }
    Optional<Path> found = RunFolders.find(results.get(), simulation, startedMillis);
    if (found.isPresent()) {
      folder = found.get();
      RunFolders.writeLastRun(folder);
      RunFile.starting(facts, plannedSeconds).write(folder);
    }
  }

  Optional<Path> folder() {
    return Optional.ofNullable(folder);
  }

  /** The recorder's last view (what the live page showed at the end). */
  void keepLiveView(byte[] json) {
    if (folder != null) {
      try {
        Files.write(folder.resolve(LIVE_FILE), json);
      } catch (IOException e) {
        System.err.println(
            "GrafMuvi live: ERROR: cannot write " + LIVE_FILE + ": " + e.getMessage());
      }
    }
  }

  /** The summaries and how the run ended, from after(); false when they could not be written. */
  boolean summarize(RunSummary.Measured measured, long elapsedSeconds) {
    if (results.isEmpty()) {
      System.out.println("GrafMuvi results: no grafmuvi.results-folder set, so no summaries");
      return true;
    }
    try {
      find();
      if (folder == null) {
        System.err.println(
            "GrafMuvi results: ERROR: no run folder of " + simulation + " in " + results.get());
        return false;
      }
      RunSummaries.write(folder, facts, measured);
      writeEnd(
          measured.cutShort() == null
              ? new RunFile.End(RunFile.End.COMPLETED, "ran its course", elapsedSeconds)
              : interrupted(measured.cutShort()));
      return true;
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "GrafMuvi results: ERROR: " + e.getMessage() + " (retried when the JVM ends)");
      return false;
    }
  }

  /**
   * The report (Gatling's reports-only generation, when Gatling wrote none) and the summaries, from
   * the log: for a run cut short, or one whose summaries could not be written in after().
   */
  void finishFromTheLog(RunSummary.Measured measured) {
    if (folder == null) {
      System.err.println(
          "GrafMuvi: the run ended before its run folder existed: nothing to finish");
      return;
    }
    try {
      if (measured.cutShort() != null) {
        writeEnd(interrupted(measured.cutShort()));
      }
      FinishRun.finish(folder, measured);
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "GrafMuvi: ERROR finishing "
              + folder
              + ": "
              + e
              + "; run scripts/finish-run.sh "
              + folder);
    }
  }

  private void writeEnd(RunFile.End end) throws IOException {
    RunFile.read(folder).orElse(RunFile.starting(facts, plannedSeconds)).ended(end).write(folder);
  }

  private static RunFile.End interrupted(Summary.CutShort cut) {
    return new RunFile.End(RunFile.End.INTERRUPTED, cut.reason(), cut.afterSeconds());
  }
}
