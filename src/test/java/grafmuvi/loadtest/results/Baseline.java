package grafmuvi.loadtest.results;

import grafmuvi.config.InvalidSettingsException;
import grafmuvi.loadtest.settings.BaselineFile;
import grafmuvi.loadtest.settings.Settings;
import grafmuvi.loadtest.settings.Tolerances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A run to hold this one to (grafmuvi.baseline): its summary.json, read and checked before any
 * request, and the limits it sets — p95 and p99 of every request and of the whole run, KO % of
 * every request and of the whole run, mean requests/s of the whole run, each no worse than the
 * baseline's by more than the tolerances. In a run each limit is a Gatling assertion; {@link
 * CompareSummaries} judges the same limits between two files.
 */
public record Baseline(Path file, Summary summary, List<Limit> limits) {

  /**
   * The baseline the settings name, if any: readable, a summary of this schema, and of the same
   * workload (unless allowed otherwise).
   *
   * @throws InvalidSettingsException naming grafmuvi.baseline and what is wrong with the file
   */
  public static Optional<Baseline> of(Settings settings) {
    if (settings.baseline().isEmpty()) {
      return Optional.empty();
    }
    BaselineFile file = settings.baseline().get();
    Summary summary;
    try {
      summary = read(file.path());
    } catch (SummaryFormatException e) {
      throw refused(file, "must be the summary.json of an earlier run: " + e.getMessage());
    }
    List<String> differences =
        workloadDifferences(summary.workload(), settings.workloadDescription());
    if (!differences.isEmpty() && !settings.allowOtherWorkload()) {
      throw refused(
          file,
          "ran another workload ("
              + String.join("; ", differences)
              + "); compare like with like, or allow it on purpose with"
              + " -Dgrafmuvi.tolerances.allow-other-workload=true");
    }
    return Optional.of(new Baseline(file.path(), summary, limits(summary, settings.tolerances())));
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
    if (Summary.INTERRUPTED.equals(s.status())) {
      throw new SummaryFormatException(
          file
              + " is the summary of a run that was "
              + (s.cutShort() == null ? "interrupted" : s.cutShort().words())
              + ": hold runs to one that ran its course");
    }
    if (s.global() == null
        || s.global().count() == 0
        || s.requests() == null
        || s.workload() == null) {
      throw new SummaryFormatException(file + " holds no requests to compare with");
    }
    return s;
  }

  /** The limits a baseline sets, each built here once. */
  public static List<Limit> limits(Summary baseline, Tolerances t) {
    List<Limit> out = new ArrayList<>();
    for (Summary.Stats s : baseline.requests()) {
      timesAndKo(out, s.name(), s, t);
    }
    timesAndKo(out, null, baseline.global(), t);
    if (baseline.global().meanRps() != null) {
      double rps = baseline.global().meanRps();
      out.add(new Limit(null, Limit.Metric.MEAN_RPS, rps, round2(t.rpsFloor(rps))));
    }
    return out;
  }

  private static void timesAndKo(List<Limit> out, String request, Summary.Stats s, Tolerances t) {
    if (s.p95() != null) {
      out.add(new Limit(request, Limit.Metric.P95, s.p95(), t.p95Limit(s.p95())));
    }
    if (s.p99() != null) {
      out.add(new Limit(request, Limit.Metric.P99, s.p99(), t.p99Limit(s.p99())));
    }
    out.add(
        new Limit(
            request, Limit.Metric.KO_PERCENT, s.koPercent(), round2(t.koLimit(s.koPercent()))));
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
  public static String table(List<Summary.BaselineRow> rows) {
    StringBuilder sb =
        new StringBuilder(
            "| figure | baseline | limit | this run | verdict |\n|---|--:|--:|--:|---|\n");
    for (Summary.BaselineRow r : rows) {
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

  private static InvalidSettingsException refused(BaselineFile file, String why) {
    return new InvalidSettingsException(List.of(file.refused(why)));
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
