package grafmuvi.loadtest.live;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the recorder knows of one request name: response times recorded by any thread into an
 * interval histogram, folded once a second (by the recorder's tick alone) into the total.
 */
final class Meter {

  final String name;

  /** Its Prometheus data points, looked up once: by HTTP status (0: no answer). */
  final java.util.Map<Integer, io.prometheus.metrics.core.datapoints.CounterDataPoint> requestsBy =
      new java.util.concurrent.ConcurrentHashMap<>();

  final java.util.Map<Integer, io.prometheus.metrics.core.datapoints.CounterDataPoint> failuresBy =
      new java.util.concurrent.ConcurrentHashMap<>();
  volatile io.prometheus.metrics.core.datapoints.DistributionDataPoint timePoint;
  volatile io.prometheus.metrics.core.datapoints.CounterDataPoint bytesPoint;
  final LongAdder requests = new LongAdder();
  final LongAdder failures = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder sized = new LongAdder();
  private final Recorder interval = new Recorder(3);

  // Tick thread only:
  final Histogram total = new Histogram(3);
  private Histogram recycled;
  private long lastRequests;
  private long lastFailures;
  final RecentRate rps = new RecentRate();
  final RecentRate fps = new RecentRate();

  Meter(String name) {
    this.name = name;
  }

  /** One request: its response time when an answer came, its size when it had a body. */
  void record(long responseMillis, long bodyBytes, boolean failed) {
    requests.increment();
    if (failed) {
      failures.increment();
    }
    if (responseMillis >= 0) {
      interval.recordValue(responseMillis);
    }
    if (bodyBytes >= 0) {
      bytes.add(bodyBytes);
      sized.increment();
    }
  }

  /** The response times since the last call (tick thread), added to the total. */
  Histogram fold() {
    recycled = interval.getIntervalHistogram(recycled);
    total.add(recycled);
    return recycled;
  }

  /** Requests and failures since the last call (tick thread), fed to the recent rates. */
  long[] deltas() {
    long r = requests.sum();
    long f = failures.sum();
    long[] out = {r - lastRequests, f - lastFailures};
    lastRequests = r;
    lastFailures = f;
    rps.add(out[0]);
    fps.add(out[1]);
    return out;
  }

  /** Mean size of the answers with a body, in bytes; null before any. */
  Double meanBytes() {
    long n = sized.sum();
    return n == 0 ? null : (double) bytes.sum() / n;
  }

  /** Requests per second over the last few seconds, as Locust's "current RPS". */
  static final class RecentRate {
    private static final int SECONDS = 10;
    private final long[] counts = new long[SECONDS];
    private int filled;
    private int next;

    void add(long count) {
      counts[next] = count;
      next = (next + 1) % SECONDS;
      filled = Math.min(SECONDS, filled + 1);
    }

    double perSecond() {
      if (filled == 0) {
        return 0;
      }
      long sum = 0;
      for (long c : counts) {
        sum += c;
      }
      return (double) sum / filled;
    }
  }
}
