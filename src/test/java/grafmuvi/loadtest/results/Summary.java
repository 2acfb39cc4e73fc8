package grafmuvi.loadtest.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import grafmuvi.loadtest.settings.Tolerances;
import java.util.List;
import java.util.Map;

/**
 * The content of summary.json (schema {@value #SCHEMA}), computed from the run's simulation.log
 * with Gatling's own reader and assertion validator. Unknown fields are ignored when reading, so a
 * newer writer's files stay readable as baselines.
 *
 * @param schema always {@value #SCHEMA}
 * @param simulation the simulation class
 * @param runFolder the name of the Gatling run folder
 * @param gatlingVersion the Gatling version that wrote simulation.log
 * @param start when injection started, ISO-8601 UTC
 * @param end when the last request ended
 * @param durationSeconds end minus start
 * @param status "passed" when every Gatling assertion held, else "failed": Gatling's own verdict
 * @param settings the settings the run used, secrets masked
 * @param workload what shapes the load (profile, users, ramp, duration, pause, rates, mix, data):
 *     two runs are comparable only when these are equal
 * @param global whole-run statistics (Gatling's "All Requests" row)
 * @param requests per-request statistics, in Gatling's order
 * @param assertions each Gatling assertion with its outcome
 * @param errors the error messages with their counts
 * @param timeline requests per second over the run (Gatling's "Number of requests per second")
 * @param steadyState the rate after the ramp and the verdict line, for looping profiles
 * @param baseline the baseline this run was held to, when there was one
 * @param sections extra sections of the simulation (injector self-check, capacity knee, embedded
 *     API)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "schema",
  "simulation",
  "runFolder",
  "gatlingVersion",
  "start",
  "end",
  "durationSeconds",
  "status"
})
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
    Map<String, Object> workload,
    Stats global,
    List<Stats> requests,
    List<AssertionOutcome> assertions,
    List<ErrorCount> errors,
    Timeline timeline,
    SteadyState steadyState,
    BaselineResult baseline,
    Map<String, Object> sections) {

  public static final String SCHEMA = "grafmuvi-gatling-summary/2";

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  /**
   * Statistics of all requests of one name (or of the whole run), as Gatling's console table shows
   * them. Times are whole milliseconds; null where Gatling has no value (no request).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "name",
    "count",
    "ok",
    "ko",
    "koPercent",
    "meanRps",
    "min",
    "p50",
    "p75",
    "p95",
    "p99",
    "max",
    "mean",
    "stdDev"
  })
  public record Stats(
      String name,
      long count,
      long ok,
      long ko,
      double koPercent,
      Double meanRps,
      Integer min,
      Integer p50,
      Integer p75,
      Integer p95,
      Integer p99,
      Integer max,
      Integer mean,
      Integer stdDev) {}

  /**
   * One Gatling assertion as Gatling judged it.
   *
   * @param message Gatling's own message, e.g. "Global: 95th percentile of response time is less
   *     than or equal to 100.0"
   * @param request the request it is about, or null for the whole run
   * @param limit the value of its condition (e.g. 100.0 for "less than or equal to 100.0")
   * @param actual Gatling's actual value, or null when it could not be resolved
   * @param passed Gatling's verdict
   * @param error why it could not be resolved (e.g. no request of that name), else null
   * @param source "threshold" (grafmuvi.assertions) or "baseline" (grafmuvi.baseline)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AssertionOutcome(
      String message,
      String request,
      Double limit,
      Double actual,
      boolean passed,
      String error,
      String source) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ErrorCount(String message, long count, double percent) {}

  /**
   * Requests started per second, OK and KO, in buckets of stepSeconds from the start of the run.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Timeline(int stepSeconds, List<Point> points) {}

  /** Seconds since the start of the run, and requests per second in that bucket. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Point(int second, int ok, int ko) {}

  /**
   * The rate once every user loops (from the end of the ramp plus the longest pause until the end),
   * next to the most a closed loop of these users can send (users / mean pause), and the seed
   * study's conclusion as a line.
   *
   * @param fromSecond first second of the window, since the start of the run
   * @param toSecond end of the window (exclusive)
   * @param requestsPerSecond requests started per second in the window
   * @param koPercent failed requests in the window, in percent
   * @param closedLoopLimit users / mean pause (requests/s); null without pauses
   * @param percentOfLimit requestsPerSecond in percent of closedLoopLimit
   * @param keptUp whether percentOfLimit reached keptUpPercent and koPercent stayed within the
   *     failed-requests threshold
   * @param verdict e.g. "1000 users: the API kept up (142.6 of 142.9 requests/s, 99.8 %, 0 KO)"
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SteadyState(
      int fromSecond,
      int toSecond,
      double requestsPerSecond,
      double koPercent,
      Double closedLoopLimit,
      Double percentOfLimit,
      double keptUpPercent,
      double maxKoPercent,
      Boolean keptUp,
      String verdict) {}

  /**
   * The baseline gate: the file, the tolerances, and each compared figure with Gatling's verdict.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BaselineResult(String file, Tolerances tolerances, List<BaselineRow> rows) {}

  /**
   * One figure held to its baseline (a {@link Limit}), with this run's figure and the verdict.
   *
   * @param request the request name, or null for the whole run
   * @param metric p95, p99 (ms), KO % or mean requests/s
   * @param baseline the baseline's figure
   * @param limit the worst figure that still passes
   * @param atMost true when the figure must be at most the limit, false when at least
   * @param actual this run's figure (null when not judged)
   * @param passed the verdict (null when not judged)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BaselineRow(
      String request,
      String metric,
      double baseline,
      double limit,
      boolean atMost,
      Double actual,
      Boolean passed) {

    /** "similar by id p95" or "all requests mean requests/s". */
    public String label() {
      return (request == null ? "all requests" : request) + " " + metric;
    }
  }

  public boolean passed() {
    return PASSED.equals(status);
  }
}
