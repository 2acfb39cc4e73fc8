package grafmuvi.loadtest.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A baseline summary.json turned into limits: p95 and p99 of every request and of the whole run, KO
 * % of every request and of the whole run, mean requests/s of the whole run, each no worse than the
 * baseline's by more than {@link Tolerances}. In a run these limits become Gatling assertions, so
 * Gatling judges a regression; {@link CompareSummaries} applies the same limits to two files.
 */
public final class BaselineGate {

  public static final String P95 = "p95";
  public static final String P99 = "p99";
  public static final String KO_PERCENT = "KO %";
  public static final String MEAN_RPS = "mean requests/s";

  private BaselineGate() {}

  /**
   * One figure held to its baseline.
   *
   * @param request the request name, or null for the whole run
   * @param metric {@link #P95}, {@link #P99} (ms), {@link #KO_PERCENT} or {@link #MEAN_RPS}
   * @param baseline the baseline's figure
   * @param limit the worst figure that still passes
   * @param atMost true when the figure must be at most the limit, false when at least
   * @param actual this run's figure (null until judged)
   * @param passed the verdict (null until judged)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(
      String request,
      String metric,
      double baseline,
      double limit,
      boolean atMost,
      Double actual,
      Boolean passed) {

    public Row judged(Double actualValue, boolean pass) {
      return new Row(request, metric, baseline, limit, atMost, actualValue, pass);
    }

    /** "similar by id p95" or "all requests mean requests/s". */
    public String label() {
      return (request == null ? "all requests" : request) + " " + metric;
    }
  }

  /**
   * Reads a summary.json to hold a run to; a clear {@link SummaryFormatException} when it is not
   * one.
   */
  public static Summary read(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new SummaryFormatException("no readable file at " + file);
    }
    Summary s;
    try {
      s = SummaryWriter.MAPPER.readValue(file.toFile(), Summary.class);
    } catch (IOException e) {
      throw new SummaryFormatException(
          file + " is not a summary.json: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (s == null || !Summary.SCHEMA.equals(s.schema())) {
      throw new SummaryFormatException(
          file
              + " is a summary of schema "
              + (s == null ? null : s.schema())
              + ", not "
              + Summary.SCHEMA
              + ": record a new baseline with this version");
    }
    if (s.global() == null
        || s.global().count() == 0
        || s.requests() == null
        || s.workload() == null) {
      throw new SummaryFormatException(file + " holds no requests to compare with");
    }
    return s;
  }

  /** The limits a run is held to. */
  public static List<Row> limits(Summary baseline, Tolerances t) {
    List<Row> rows = new ArrayList<>();
    for (Summary.Stats s : baseline.requests()) {
      addTimesAndKo(rows, s.name(), s, t);
    }
    addTimesAndKo(rows, null, baseline.global(), t);
    if (baseline.global().meanRps() != null) {
      double rps = baseline.global().meanRps();
      rows.add(new Row(null, MEAN_RPS, rps, round2(t.rpsFloor(rps)), false, null, null));
    }
    return rows;
  }

  private static void addTimesAndKo(List<Row> rows, String request, Summary.Stats s, Tolerances t) {
    if (s.p95() != null) {
      rows.add(new Row(request, P95, s.p95(), t.p95Limit(s.p95()), true, null, null));
    }
    if (s.p99() != null) {
      rows.add(new Row(request, P99, s.p99(), t.p99Limit(s.p99()), true, null, null));
    }
    rows.add(
        new Row(
            request,
            KO_PERCENT,
            s.koPercent(),
            round2(t.koLimit(s.koPercent())),
            true,
            null,
            null));
  }

  /** Judges the limits against a finished run's summary (no Gatling run needed). */
  public static List<Row> judge(List<Row> limits, Summary current) {
    List<Row> out = new ArrayList<>();
    for (Row r : limits) {
      Summary.Stats s =
          r.request() == null
              ? current.global()
              : current.requests().stream()
                  .filter(x -> x.name().equals(r.request()))
                  .findFirst()
                  .orElse(null);
      Double actual =
          s == null
              ? null
              : switch (r.metric()) {
                case P95 -> s.p95() == null ? null : s.p95().doubleValue();
                case P99 -> s.p99() == null ? null : s.p99().doubleValue();
                case KO_PERCENT -> s.koPercent();
                default -> s.meanRps();
              };
      boolean pass = actual != null && (r.atMost() ? actual <= r.limit() : actual >= r.limit());
      out.add(r.judged(actual, pass));
    }
    return out;
  }

  /**
   * The workload keys where two runs differ, e.g. "users: 1000 in the baseline, 5 now"; empty when
   * alike.
   */
  public static List<String> workloadDifferences(
      Map<String, Object> baseline, Map<String, Object> current) {
    Set<String> keys = new LinkedHashSet<>(current.keySet());
    keys.addAll(baseline.keySet());
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      Object b = baseline.get(k);
      Object c = current.get(k);
      if (!Objects.equals(String.valueOf(b), String.valueOf(c))) {
        out.add(k + ": " + b + " in the baseline, " + c + " now");
      }
    }
    return out;
  }

  /** Side-by-side table of judged rows, for the console and summary.md. */
  public static String table(List<Row> rows) {
    StringBuilder sb =
        new StringBuilder(
            "| figure | baseline | limit | this run | verdict |\n|---|--:|--:|--:|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.label())
          .append(" | ")
          .append(Fmt.num(r.baseline()))
          .append(" | ")
          .append(r.atMost() ? "≤ " : "≥ ")
          .append(Fmt.num(r.limit()))
          .append(" | ")
          .append(Fmt.num(r.actual()))
          .append(" | ")
          .append(r.passed() == null ? "-" : r.passed() ? "ok" : "REGRESSED")
          .append(" |\n");
    }
    return sb.toString();
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
