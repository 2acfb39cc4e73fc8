package grafmuvi.loadtest.results;

import grafmuvi.loadtest.settings.Tolerances;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Compares two summary.json files without running a load (scripts/compare-summaries.sh builds the
 * class path and runs it), with the limits a run with -Dgrafmuvi.baseline is held to. Prints the
 * side-by-side table; exit status 0 when nothing regressed, 2 on a regression, 1 on bad arguments
 * or unreadable files. The tolerances default to grafmuvi.tolerances in grafmuvi.conf.
 */
@Command(
    name = "compare-summaries",
    mixinStandardHelpOptions = true,
    description =
        "Compares a run's summary.json with a baseline's, with the limits of -Dgrafmuvi.baseline.")
public final class CompareSummaries implements Callable<Integer> {

  static final int REGRESSED = 2;

  private static final Tolerances DEFAULTS = Tolerances.defaults();

  @Option(
      names = "--p95",
      paramLabel = "PCT",
      description = "p95 may be this many percent higher (default: ${DEFAULT-VALUE}).")
  double p95 = DEFAULTS.p95WorsePercent();

  @Option(
      names = "--p99",
      paramLabel = "PCT",
      description = "p99 may be this many percent higher (default: ${DEFAULT-VALUE}).")
  double p99 = DEFAULTS.p99WorsePercent();

  @Option(
      names = "--ko",
      paramLabel = "POINTS",
      description = "KO % may be this many points higher (default: ${DEFAULT-VALUE}).")
  double ko = DEFAULTS.koPointsWorse();

  @Option(
      names = "--rps",
      paramLabel = "PCT",
      description = "requests/s may be this many percent lower (default: ${DEFAULT-VALUE}).")
  double rps = DEFAULTS.throughputLowerPercent();

  @Parameters(index = "0", paramLabel = "BASELINE.json")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CURRENT.json")
  Path current;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    CommandLine cmd = new CommandLine(new CompareSummaries());
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          return 1;
        });
    cmd.setParameterExceptionHandler(
        (e, args2) -> {
          e.getCommandLine().getErr().println("error: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return 1;
        });
    return cmd.execute(args);
  }

  @Override
  public Integer call() {
    Summary base = Baseline.read(baseline);
    Summary cur = Baseline.read(current);
    List<Summary.BaselineRow> rows =
        Baseline.limits(base, new Tolerances(p95, p99, ko, rps)).stream()
            .map(limit -> limit.judge(cur))
            .toList();
    for (String difference : Baseline.workloadDifferences(base.workload(), cur.workload())) {
      System.out.println("!! different workload: " + difference);
    }
    System.out.print(Baseline.table(rows));
    boolean regressed = rows.stream().anyMatch(r -> !r.passed());
    System.out.println(regressed ? "REGRESSED" : "no regression");
    return regressed ? REGRESSED : 0;
  }
}
