package grafmuvi.loadtest.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Finishes a run folder from whatever its simulation.log holds: Gatling's own HTML report when the
 * folder has none (Gatling's reports-only generation), and summary.json, junit.xml and summary.md,
 * marked interrupted when the run did not run its course. A run cut short calls it itself; {@code
 * scripts/finish-run.sh [RUN_FOLDER]} runs it on any run folder, older ones included. Exit status:
 * 0 passed, 2 an assertion failed, 3 interrupted, 1 no such run.
 */
@Command(
    name = "finish-run",
    mixinStandardHelpOptions = true,
    description =
        "Builds the HTML report (when missing) and the summaries of a run folder from its"
            + " simulation.log, marked interrupted when the run was cut short.")
public final class FinishRun implements Callable<Integer> {

  static final int INTERRUPTED = 3;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN_FOLDER",
      description = "A run folder (default: the last run, named in target/gatling/last-run).")
  Path runFolder;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    CommandLine cmd = new CommandLine(new FinishRun());
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          return 1;
        });
    return cmd.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Path folder =
        runFolder != null
            ? runFolder
            : RunFolders.lastRun(Path.of("target", "gatling"))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no run recorded in target/gatling/last-run: name a run folder"));
    if (!Files.isRegularFile(folder.resolve("simulation.log"))) {
      throw new IllegalArgumentException("no simulation.log in " + folder);
    }
    Summary summary = finish(folder, null);
    return summary.cutShort() != null ? INTERRUPTED : summary.passed() ? 0 : 2;
  }

  /**
   * Builds the report when missing, then the summaries, with what the run measured besides the log
   * (null: only the log; then its run file or the missing report say whether it was cut short).
   */
  public static Summary finish(Path folder, RunSummary.Measured measured) throws IOException {
    boolean hadReport = Files.isRegularFile(folder.resolve("index.html"));
    if (!hadReport) {
      RunLog.report(folder);
    }
    RunFile runFile = RunFile.read(folder).orElse(null);
    RunSummary.Facts facts = runFile == null ? RunSummary.Facts.unknown() : runFile.facts();
    if (measured == null) {
      measured = RunSummary.Measured.onlyTheLog(cutShort(folder, runFile, hadReport));
    }
    return RunSummaries.write(folder, facts, measured);
  }

  /** A run that wrote no end to its run file, or (older folders) no report, was cut short. */
  private static Summary.CutShort cutShort(Path folder, RunFile runFile, boolean hadReport) {
    RunLog log = RunLog.read(folder);
    long ran = Math.round((log.injectEnd() - log.injectStart()) / 1000.0);
    if (runFile != null) {
      Summary.CutShort c = runFile.cutShort();
      return c == null
          ? null
          : new Summary.CutShort(
              c.reason(), c.afterSeconds() < 0 ? ran : c.afterSeconds(), c.plannedSeconds());
    }
    return hadReport
        ? null
        : new Summary.CutShort("the run wrote no report: it did not run its course", ran, -1);
  }
}
