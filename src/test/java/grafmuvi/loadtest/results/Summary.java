package grafmuvi.loadtest.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The content of summary.json (schema {@value #SCHEMA}). Unknown fields are ignored when reading,
 * so a newer writer's files stay readable as baselines.
 *
 * @param schema always {@value #SCHEMA}
 * @param simulation the simulation name from the {@link RunSpec}
 * @param runFolder the name of the Gatling run folder
 * @param gatlingVersion the Gatling version that wrote the report
 * @param start injection start, ISO-8601 (second precision, as the report shows it)
 * @param end start plus the report's run duration
 * @param durationSeconds the report's run duration
 * @param status "passed" or "failed" (an assertion failed, or a baseline comparison regressed)
 * @param settings the masked settings the run used
 * @param global whole-run statistics
 * @param requests per-request statistics, in report order (groups are flagged)
 * @param assertions each threshold / Gatling assertion with its outcome
 * @param errors the most frequent error messages
 * @param sections extra sections added by other features ({@link RunResults#addSection})
 * @param comparison the baseline comparison, when a baseline was given
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "simulation", "runFolder", "gatlingVersion", "start", "end", "durationSeconds", "status"})
public record Summary(
    String schema,
    String simulation,
    String runFolder,
    String gatlingVersion,
    String start,
    String end,
    Long durationSeconds,
    String status,
    Map<String, Object> settings,
    Stats global,
    List<Stats> requests,
    List<AssertionOutcome> assertions,
    List<ErrorCount> errors,
    Map<String, Object> sections,
    ComparisonResult comparison) {

  public static final String SCHEMA = "grafmuvi-gatling-summary/1";

  /**
   * Statistics of all requests of one name (or of the whole run). Times are milliseconds; {@code
   * null} where the report shows "-" (no value).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "group", "count", "ok", "ko", "koPercent", "meanRps", "min", "p50", "p75", "p95", "p99", "max", "mean", "stdDev"})
  public record Stats(
      String name,
      Boolean group,
      long count,
      long ok,
      long ko,
      double koPercent,
      Double meanRps,
      Double min,
      Double p50,
      Double p75,
      Double p95,
      Double p99,
      Double max,
      Double mean,
      Double stdDev) {}

  /**
   * One assertion. {@code scope}/{@code metric}/{@code threshold} are null for a Gatling assertion
   * that is not one of the run's {@link Threshold}s; {@code actual} is null when it can't be
   * derived from the report.
   *
   * @param source "gatling" when the pass/fail comes from Gatling's report, "evaluated" when this
   *     code evaluated the threshold itself (the report had no assertion table)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AssertionOutcome(
      String message, String scope, String metric, Double threshold, Double actual, boolean passed, String source) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ErrorCount(String message, long count, double percent) {}

  /** The baseline comparison, as stored in summary.json. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ComparisonResult(
      String baseline, boolean passed, List<String> warnings, List<Comparison.Row> rows) {}

  public boolean passed() {
    return "passed".equals(status);
  }
}
