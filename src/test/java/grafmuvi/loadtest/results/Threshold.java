package grafmuvi.loadtest.results;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.CoreDsl;
import java.util.Objects;

/**
 * One pass/fail threshold of a run: {@code metric <= limit} for the whole run ({@link #GLOBAL}) or
 * for one request name.
 *
 * @param scope {@code "global"} or a request name (as given to {@code http("...")})
 * @param metric what is measured
 * @param limit the largest value that still passes: a percentage for {@link
 *     Metric#FAILED_PERCENT}, whole milliseconds for the response-time metrics
 */
public record Threshold(String scope, Metric metric, double limit) {

  public static final String GLOBAL = "global";

  /** The metrics a threshold can bound. */
  public enum Metric {
    /** Percentage of failed (KO) requests. */
    FAILED_PERCENT("failed-percent"),
    /** 95th percentile of response time, ms. */
    P95("p95"),
    /** 99th percentile of response time, ms. */
    P99("p99");

    private final String id;

    Metric(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Metric fromId(String id) {
      for (Metric m : values()) {
        if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown threshold metric '" + id + "' (use failed-percent, p95 or p99)");
    }
  }

  public Threshold {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(metric, "metric");
    if (scope.isBlank()) {
      throw new IllegalArgumentException("threshold scope must be 'global' or a request name");
    }
    if (!(limit >= 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException("threshold limit must be a finite number >= 0, got " + limit);
    }
    if (metric != Metric.FAILED_PERCENT && limit != Math.rint(limit)) {
      throw new IllegalArgumentException(
          "response-time limits are whole milliseconds (Gatling compares integers), got " + limit);
    }
  }

  public static Threshold global(Metric metric, double limit) {
    return new Threshold(GLOBAL, metric, limit);
  }

  public static Threshold request(String requestName, Metric metric, double limit) {
    return new Threshold(requestName, metric, limit);
  }

  /** Parses {@code scope:metric:limit}, e.g. {@code global:failed-percent:1} or {@code status:p95:800}. */
  public static Threshold parse(String text) {
    int last = text.lastIndexOf(':');
    int middle = last < 0 ? -1 : text.lastIndexOf(':', last - 1);
    if (middle <= 0) {
      throw new IllegalArgumentException("threshold must look like scope:metric:limit, got '" + text + "'");
    }
    return new Threshold(
        text.substring(0, middle),
        Metric.fromId(text.substring(middle + 1, last)),
        Double.parseDouble(text.substring(last + 1)));
  }

  public boolean isGlobal() {
    return GLOBAL.equals(scope);
  }

  /** The equivalent Gatling assertion ({@code lte(limit)}), so Gatling itself also enforces it. */
  public Assertion toGatlingAssertion() {
    Assertion.WithPath path = isGlobal() ? CoreDsl.global() : CoreDsl.details(scope);
    return switch (metric) {
      case FAILED_PERCENT -> path.failedRequests().percent().lte(limit);
      case P95 -> path.responseTime().percentile(95.0).lte((int) limit);
      case P99 -> path.responseTime().percentile(99.0).lte((int) limit);
    };
  }

  /**
   * The text Gatling 3.16 prints and puts in the report for {@link #toGatlingAssertion()}:
   * "{path}: {target} {condition}" with path "Global" or the request name, target "percentage of
   * failed events" or "95th percentile of response time", condition "is less than or equal to
   * {limit as a Java double}" (gatling-shared-model 0.1.3, AssertionMessage).
   */
  public String gatlingMessage() {
    String path = isGlobal() ? "Global" : scope;
    String target =
        switch (metric) {
          case FAILED_PERCENT -> "percentage of failed events";
          case P95 -> "95th percentile of response time";
          case P99 -> "99th percentile of response time";
        };
    return path + ": " + target + " is less than or equal to " + limit;
  }

  @Override
  public String toString() {
    return scope + ":" + metric.id() + ":" + (limit == Math.rint(limit) ? String.valueOf((long) limit) : String.valueOf(limit));
  }
}
