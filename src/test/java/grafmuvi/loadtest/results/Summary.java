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
 * @param status "passed" when every Gatling assertion held, "failed" when one did not (Gatling's
 *     own verdict), "interrupted" when the run was cut short (Ctrl-C, a crash): never a pass
 * @param cutShort how and when the run was cut short; null when it ran its course
 * @param settings the settings the run used, secrets masked
 * @param workload what shapes the load (profile, users, ramp, duration, pause, rates, mix, data):
 *     two runs are comparable only when these are equal
 * @param global whole-run statistics (Gatling's "All Requests" row), with the mean response size
 *     from the in-run recorder (Gatling records no sizes)
 * @param requests per-request statistics, in Gatling's order
 * @param assertions each Gatling assertion with its outcome
 * @param errors the error messages with their counts, each the target's or the injector's own
 * @param timeline requests per second over the run (Gatling's "Number of requests per second")
 * @param steadyState the rate after the ramp and the verdict line, for looping profiles
 * @param baseline the baseline this run was held to, when there was one
 * @param levels the judged levels of a stair run (from the in-run recorder), in order
 * @param answer the stair run's answer: how many users (or users/s) the API kept up with
 * @param sections extra sections of the simulation (injector self-check, embedded API)
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
  "status",
  "cutShort"
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
    CutShort cutShort,
    Map<String, Object> settings,
    Map<String, Object> workload,
    Stats global,
    List<Stats> requests,
    List<AssertionOutcome> assertions,
    List<ErrorCount> errors,
    Timeline timeline,
    SteadyState steadyState,
    BaselineResult baseline,
    List<Level> levels,
    String answer,
    Map<String, Object> sections) {

  public static final String SCHEMA = "grafmuvi-gatling-summary/3";

  /** The name of Gatling's row of the whole run. */
  public static final String ALL_REQUESTS = "All Requests";

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String INTERRUPTED = "interrupted";

  /**
   * A run that did not run its course.
   *
   * @param reason e.g. "Ctrl-C or SIGTERM", "the Gatling run crashed (see the error above)"
   * @param afterSeconds how long it had run
   * @param plannedSeconds how long it was planned to run
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CutShort(String reason, long afterSeconds, long plannedSeconds) {

    /** "interrupted after 31 s of 90 s (Ctrl-C)". */
    public String words() {
      return "interrupted after "
          + afterSeconds
          + " s of "
          + plannedSeconds
          + " s ("
          + reason
          + ")";
    }
  }

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
    "stdDev",
    "meanBytes"
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
      Integer stdDev,
      Double meanBytes) {

    /** This row with the mean response size the recorder measured. */
    public Stats withMeanBytes(Double bytes) {
      return new Stats(
          name,
          count,
          ok,
          ko,
          koPercent,
          meanRps,
          min,
          p50,
          p75,
          p95,
          p99,
          max,
          mean,
          stdDev,
          bytes == null ? null : Math.round(bytes * 10) / 10.0);
    }
  }

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

  /**
   * One error message: how often, and whose: "target" (the API answered wrong, or not) or
   * "injector" (the load generator's own failure, e.g. out of open files).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ErrorCount(String message, long count, double percent, String source) {}

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
   * @param outcome "kept up", "fell behind", "failed", "fell behind and failed", "injector-bound"
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
      String outcome,
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

  /**
   * One judged stretch of a stair run (a level of users or of an arrival rate), from the in-run
   * recorder: its steady window only (after the level's ramp and the longest pause).
   *
   * @param name e.g. "level 3: 3000 users"
   * @param users looping users during the level (0 for arrivals)
   * @param fromSecond start of the judged window, seconds since the run's start
   * @param toSecond its end (exclusive)
   * @param requests requests started in the window
   * @param failed failed requests in it
   * @param requestsPerSecond requests/s in it
   * @param limit what the workload sends at most (users / mean pause, or the rate); null without
   * @param koPercent failed requests in percent
   * @param p95 95th percentile of the answers' response times (ms)
   * @param p99 99th percentile (ms)
   * @param peakInjectorCpuPercent the injector's own CPU at its highest in the window (percent of
   *     the machine)
   * @param meanInjectorCpuPercent the injector's own CPU over the window
   * @param meanMachineCpuPercent the whole machine's CPU over the window (less the injector's: the
   *     target's, when it shares the machine, and anything else running)
   * @param injectorFailed failures that were the injector's own
   * @param outcome "kept up", "fell behind", "failed", "fell behind and failed", "injector-bound"
   * @param verdict the outcome with its figures
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Level(
      String name,
      int users,
      long fromSecond,
      long toSecond,
      long requests,
      long failed,
      double requestsPerSecond,
      Double limit,
      double koPercent,
      Integer p95,
      Integer p99,
      double peakInjectorCpuPercent,
      double meanInjectorCpuPercent,
      double meanMachineCpuPercent,
      long injectorFailed,
      String outcome,
      String verdict) {}

  public boolean passed() {
    return PASSED.equals(status);
  }

  /** The line that says what happened: a stair run's answer, else the steady state's verdict. */
  public String headline() {
    return answer != null ? answer : steadyState == null ? null : steadyState.verdict();
  }
}
