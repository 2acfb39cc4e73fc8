package grafmuvi.loadtest.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares a run's summary with a baseline summary: p95, p99, KO % and mean throughput, globally
 * and per request, against {@link Tolerances}.
 *
 * <p>Response times have millisecond resolution, so a difference of at most {@value
 * #TIME_NOISE_MS} ms is never a regression (a 1 ms → 2 ms p95 is not "100 % worse").
 */
public final class Comparison {

  /** Time differences up to this many ms never count as a regression. */
  public static final double TIME_NOISE_MS = 1.0;

  /** Settings whose keys match this are the workload: a difference makes the comparison warn. */
  public static final Pattern WORKLOAD_KEYS =
      Pattern.compile("(?i).*(profile|users|duration|rate|ramp|rps|pause|inject|workload|scenario|mix|data).*");

  public static final String OK = "ok";
  public static final String REGRESSED = "REGRESSED";
  public static final String BETTER = "better";
  public static final String NOT_COMPARED = "n/a";

  /** One compared figure. {@code delta} is human-readable ("+12.5 %", "+0.3 pts"). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(
      String request, String metric, Double baseline, Double current, String delta, String verdict, String tolerance) {
    public boolean regressed() {
      return REGRESSED.equals(verdict);
    }
  }

  /** The outcome: passed unless a row regressed. */
  public record Result(boolean passed, List<String> warnings, List<Row> rows) {
    public List<Row> regressions() {
      return rows.stream().filter(Row::regressed).toList();
    }

    Summary.ComparisonResult toSummary(String baselineName) {
      return new Summary.ComparisonResult(baselineName, passed, warnings, rows);
    }
  }

  private Comparison() {}

  public static Result compare(Summary baseline, Summary current, Tolerances tolerances) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(current, "current");
    Tolerances t = tolerances == null ? Tolerances.DEFAULTS : tolerances;
    List<String> warnings = new ArrayList<>(workloadWarnings(baseline, current));
    List<Row> rows = new ArrayList<>();

    Map<String, Summary.Stats> base = byName(baseline);
    Map<String, Summary.Stats> cur = byName(current);
    Set<String> names = new LinkedHashSet<>(cur.keySet());
    names.addAll(base.keySet());
    for (String name : names) {
      Summary.Stats b = base.get(name);
      Summary.Stats c = cur.get(name);
      if (b == null) {
        rows.add(new Row(name, "count", null, (double) c.count(), "new request", NOT_COMPARED, null));
        warnings.add("request '" + name + "' is not in the baseline: not compared");
        continue;
      }
      if (c == null) {
        rows.add(new Row(name, "count", (double) b.count(), null, "missing", NOT_COMPARED, null));
        warnings.add("request '" + name + "' of the baseline did not run this time: not compared");
        continue;
      }
      rows.add(time(name, "p95", b.p95(), c.p95(), t.p95WorsePercent()));
      rows.add(time(name, "p99", b.p99(), c.p99(), t.p99WorsePercent()));
      rows.add(ko(name, b.koPercent(), c.koPercent(), t.koPointsWorse()));
      rows.add(rps(name, b.meanRps(), c.meanRps(), t.throughputLowerPercent()));
    }
    boolean passed = rows.stream().noneMatch(Row::regressed);
    return new Result(passed, List.copyOf(warnings), List.copyOf(rows));
  }

  private static Map<String, Summary.Stats> byName(Summary s) {
    Map<String, Summary.Stats> map = new LinkedHashMap<>();
    if (s.global() != null) {
      map.put("Global", s.global());
    }
    if (s.requests() != null) {
      for (Summary.Stats r : s.requests()) {
        if (!Boolean.TRUE.equals(r.group())) {
          map.put(r.name(), r);
        }
      }
    }
    return map;
  }

  private static Row time(String name, String metric, Double b, Double c, double tolPercent) {
    String tol = "+" + Fmt.num(tolPercent) + " %";
    if (b == null || c == null) {
      return new Row(name, metric + " ms", b, c, "-", NOT_COMPARED, tol);
    }
    double diff = c - b;
    Double percent = b == 0 ? (diff == 0 ? 0.0 : Double.POSITIVE_INFINITY * Math.signum(diff)) : diff * 100.0 / b;
    String verdict;
    if (diff > TIME_NOISE_MS && (b == 0 || percent > tolPercent)) {
      verdict = REGRESSED;
    } else if (diff < -TIME_NOISE_MS && (b != 0 && -percent > tolPercent)) {
      verdict = BETTER;
    } else {
      verdict = OK;
    }
    return new Row(name, metric + " ms", b, c, Fmt.signedPercent(percent), verdict, tol);
  }

  private static Row ko(String name, double b, double c, double tolPoints) {
    double diff = c - b;
    String verdict = diff > tolPoints + 1e-9 ? REGRESSED : diff < -tolPoints - 1e-9 ? BETTER : OK;
    return new Row(name, "KO %", b, c, (diff > 0 ? "+" : "") + Fmt.num(diff) + " pts", verdict, "+" + Fmt.num(tolPoints) + " pts");
  }

  private static Row rps(String name, Double b, Double c, double tolPercent) {
    String tol = "-" + Fmt.num(tolPercent) + " %";
    if (b == null || c == null || b == 0) {
      return new Row(name, "req/s", b, c, "-", NOT_COMPARED, tol);
    }
    double percent = (c - b) * 100.0 / b;
    String verdict = -percent > tolPercent + 1e-9 ? REGRESSED : percent > tolPercent ? BETTER : OK;
    return new Row(name, "req/s", b, c, Fmt.signedPercent(percent), verdict, tol);
  }

  /** Warnings when the two runs did not run the same simulation or workload. */
  static List<String> workloadWarnings(Summary baseline, Summary current) {
    List<String> warnings = new ArrayList<>();
    if (!Objects.equals(baseline.simulation(), current.simulation())) {
      warnings.add(
          "DIFFERENT SIMULATION: baseline ran " + baseline.simulation() + ", this run " + current.simulation());
    }
    Map<String, Object> b = baseline.settings() == null ? Map.of() : baseline.settings();
    Map<String, Object> c = current.settings() == null ? Map.of() : current.settings();
    Set<String> keys = new LinkedHashSet<>(c.keySet());
    keys.addAll(b.keySet());
    for (String key : keys) {
      if (WORKLOAD_KEYS.matcher(key).matches() && !Objects.equals(str(b.get(key)), str(c.get(key)))) {
        warnings.add(
            "DIFFERENT WORKLOAD: setting '" + key + "' was " + str(b.get(key)) + " in the baseline, " + str(c.get(key)) + " now");
      }
    }
    return warnings;
  }

  private static String str(Object o) {
    return o == null ? "(unset)" : String.valueOf(o);
  }

  /** A plain-text side-by-side table for the console. */
  public static String table(Result result, String baselineName) {
    StringBuilder sb = new StringBuilder();
    sb.append("Baseline comparison against ").append(baselineName).append('\n');
    if (!result.warnings().isEmpty()) {
      String bar = "!".repeat(78);
      sb.append(bar).append('\n');
      for (String w : result.warnings()) {
        sb.append("!! WARNING: ").append(w).append('\n');
      }
      sb.append(bar).append('\n');
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"request", "metric", "baseline", "this run", "delta", "tolerance", "verdict"});
    for (Row r : result.rows()) {
      lines.add(
          new String[] {
            r.request(), r.metric(), Fmt.num(r.baseline()), Fmt.num(r.current()), r.delta(),
            r.tolerance() == null ? "" : r.tolerance(), r.verdict()
          });
    }
    int[] width = new int[7];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    for (int n = 0; n < lines.size(); n++) {
      String[] l = lines.get(n);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < l.length; i++) {
        String cell = l[i];
        boolean right = i >= 2 && i <= 5;
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : " | ").append(right ? pad + cell : cell + pad);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (n == 0) {
        sb.append("-".repeat(line.length())).append('\n');
      }
    }
    List<Row> regressions = result.regressions();
    if (regressions.isEmpty()) {
      sb.append("Verdict: PASSED (no figure worse than its tolerance)\n");
    } else {
      sb.append("Verdict: FAILED, ").append(regressions.size()).append(" regression(s):\n");
      for (Row r : regressions) {
        sb.append("  - ")
            .append(r.request())
            .append(' ')
            .append(r.metric())
            .append(": ")
            .append(Fmt.num(r.baseline()))
            .append(" -> ")
            .append(Fmt.num(r.current()))
            .append(" (")
            .append(r.delta())
            .append(", tolerance ")
            .append(r.tolerance())
            .append(")\n");
      }
    }
    return sb.toString();
  }
}
