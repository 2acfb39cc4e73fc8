package grafmuvi.loadtest.live;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/**
 * The recorder's figures as Prometheus metrics, with the official Java client: counters of requests
 * and failures by request name and HTTP status ("none" when no answer came), a histogram of
 * response times, a counter of response bytes, a gauge of active users.
 */
final class Metrics {

  static final String NO_ANSWER = "none";

  final PrometheusRegistry registry = new PrometheusRegistry();

  private final Counter requests =
      Counter.builder()
          .name("grafmuvi_loadtest_requests")
          .help("Requests the load test sent, by request name and HTTP status (none: no answer)")
          .labelNames("request", "status")
          .register(registry);
  private final Counter failures =
      Counter.builder()
          .name("grafmuvi_loadtest_failures")
          .help("Requests that failed (KO), by request name and HTTP status (none: no answer)")
          .labelNames("request", "status")
          .register(registry);
  private final Histogram responseTime =
      Histogram.builder()
          .name("grafmuvi_loadtest_response_time_seconds")
          .help("Response time of the answered requests, by request name")
          .classicOnly()
          .classicUpperBounds(
              0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .labelNames("request")
          .register(registry);
  private final Counter responseBytes =
      Counter.builder()
          .name("grafmuvi_loadtest_response_size_bytes")
          .help("Bytes of the answers' bodies, by request name")
          .labelNames("request")
          .register(registry);

  Metrics(IntSupplier activeUsers) {
    GaugeWithCallback.builder()
        .name("grafmuvi_loadtest_active_users")
        .help("Virtual users running now")
        .callback(cb -> cb.call(activeUsers.getAsInt()))
        .register(registry);
  }

  /** One request's data points, looked up once per request name and status. */
  CounterDataPoint requests(String request, String status) {
    return requests.labelValues(request, status);
  }

  CounterDataPoint failures(String request, String status) {
    return failures.labelValues(request, status);
  }

  DistributionDataPoint responseTime(String request) {
    return responseTime.labelValues(request);
  }

  CounterDataPoint responseBytes(String request) {
    return responseBytes.labelValues(request);
  }
}
