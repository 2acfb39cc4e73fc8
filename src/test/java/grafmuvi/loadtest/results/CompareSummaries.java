package grafmuvi.loadtest.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two summary.json files without running a load:
 *
 * <pre>
 * java -cp "target/test-classes:$(cat target/test-classpath.txt)" grafmuvi.loadtest.results.CompareSummaries \
 *     [--p95=20] [--p99=20] [--ko=0.5] [--rps=10] BASELINE.json CURRENT.json
 * </pre>
 *
 * (scripts/compare-summaries.sh builds the class path and runs it). Prints the side-by-side table;
 * exit status 0 when nothing regressed, 2 on a regression, 1 on bad arguments or unreadable files.
 */
public final class CompareSummaries {
  private CompareSummaries() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    double p95 = Tolerances.DEFAULTS.p95WorsePercent();
    double p99 = Tolerances.DEFAULTS.p99WorsePercent();
    double ko = Tolerances.DEFAULTS.koPointsWorse();
    double rps = Tolerances.DEFAULTS.throughputLowerPercent();
    List<String> files = new ArrayList<>();
    try {
      for (String a : args) {
        if (a.startsWith("--p95=")) {
          p95 = Double.parseDouble(a.substring(6));
        } else if (a.startsWith("--p99=")) {
          p99 = Double.parseDouble(a.substring(6));
        } else if (a.startsWith("--ko=")) {
          ko = Double.parseDouble(a.substring(5));
        } else if (a.startsWith("--rps=")) {
          rps = Double.parseDouble(a.substring(6));
        } else if (a.startsWith("--")) {
          throw new IllegalArgumentException("unknown option " + a);
        } else {
          files.add(a);
        }
      }
      if (files.size() != 2) {
        throw new IllegalArgumentException("expected BASELINE.json CURRENT.json, got " + files);
      }
      Tolerances tolerances = new Tolerances(p95, p99, ko, rps);
      Summary baseline = SummaryWriter.read(Path.of(files.get(0)));
      Summary current = SummaryWriter.read(Path.of(files.get(1)));
      Comparison.Result result = Comparison.compare(baseline, current, tolerances);
      System.out.print(Comparison.table(result, files.get(0)));
      return result.passed() ? 0 : RunResults.EXIT_FAILED;
    } catch (IllegalArgumentException e) {
      System.err.println("usage: CompareSummaries [--p95=PCT] [--p99=PCT] [--ko=POINTS] [--rps=PCT] BASELINE.json CURRENT.json");
      System.err.println("error: " + e.getMessage());
      return 1;
    } catch (ReportFormatException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
