package grafmuvi.loadtest.results;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Compares two summary.json files without running a load (scripts/compare-summaries.sh builds
 * the class path and runs it). Prints the side-by-side table; exit status 0 when nothing
 * regressed, 2 on a regression, 1 on bad arguments or unreadable files. The tolerances default to
 * grafmuvi.tolerances in grafmuvi.conf.
 */
@Command(name = "compare-summaries", mixinStandardHelpOptions = true,
    description = "Compares a run's summary.json with a baseline's, as -Dgrafmuvi.baseline does at the end of a run.")
public final class CompareSummaries implements Callable<Integer> {

  @Option(names = "--p95", paramLabel = "PCT", description = "p95 may be this many percent higher (default: ${DEFAULT-VALUE}).")
  double p95 = Tolerances.DEFAULTS.p95WorsePercent();

  @Option(names = "--p99", paramLabel = "PCT", description = "p99 may be this many percent higher (default: ${DEFAULT-VALUE}).")
  double p99 = Tolerances.DEFAULTS.p99WorsePercent();

  @Option(names = "--ko", paramLabel = "POINTS", description = "KO % may be this many points higher (default: ${DEFAULT-VALUE}).")
  double ko = Tolerances.DEFAULTS.koPointsWorse();

  @Option(names = "--rps", paramLabel = "PCT", description = "requests/s may be this many percent lower (default: ${DEFAULT-VALUE}).")
  double rps = Tolerances.DEFAULTS.throughputLowerPercent();

  @Parameters(index = "0", paramLabel = "BASELINE.json")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CURRENT.json")
  Path current;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    CommandLine cmd = new CommandLine(new CompareSummaries());
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      return 1;
    });
    cmd.setParameterExceptionHandler((e, args2) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return 1;
    });
    return cmd.execute(args);
  }

  @Override
  public Integer call() {
    Tolerances tolerances = new Tolerances(p95, p99, ko, rps);
    Comparison.Result result = Comparison.compare(SummaryWriter.read(baseline), SummaryWriter.read(current), tolerances);
    System.out.print(Comparison.table(result, baseline.toString()));
    return result.passed() ? 0 : RunResults.EXIT_FAILED;
  }
}
