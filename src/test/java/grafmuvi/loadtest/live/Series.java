package grafmuvi.loadtest.live;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** One point per second of the run for the charts: requests, failures, p50/p95/p99, users. */
final class Series {

  private final List<LiveView.Point> points = new ArrayList<>();

  synchronized void add(long second, long requests, long failures, Histogram times, int users) {
    boolean any = times.getTotalCount() > 0;
    points.add(
        new LiveView.Point(
            second,
            requests,
            failures,
            any ? times.getValueAtPercentile(50.0) : null,
            any ? times.getValueAtPercentile(95.0) : null,
            any ? times.getValueAtPercentile(99.0) : null,
            users));
  }

  /** The points after second since (every point when since is negative). */
  synchronized List<LiveView.Point> since(long since) {
    int from = 0;
    while (from < points.size() && points.get(from).t() <= since) {
      from++;
    }
    return new ArrayList<>(points.subList(from, points.size()));
  }

  /** Requests per second over the last 10 seconds. */
  synchronized double recentRate() {
    int n = Math.min(10, points.size());
    long sum = 0;
    for (int i = points.size() - n; i < points.size(); i++) {
      sum += points.get(i).requests();
    }
    return n == 0 ? 0 : (double) sum / n;
  }
}
