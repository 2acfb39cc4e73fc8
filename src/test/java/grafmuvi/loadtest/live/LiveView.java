package grafmuvi.loadtest.live;

import com.fasterxml.jackson.annotation.JsonIgnore;
import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.settings.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What the live page shows, as the recorder sees it now (the page's JSON, see LivePage). */
public record LiveView(
    List<Phase> phases,
    List<Point> points,
    List<Stats> stats,
    List<Failure> failures,
    List<Level> levels,
    String verdict) {

  /** One second. Times in ms; null in a second without answers. */
  public record Point(
      long t, long requests, long failures, Long p50, Long p95, Long p99, int users) {}

  /** One row of the statistics table (times in ms). */
  public record Stats(
      String name,
      long requests,
      long failures,
      Long median,
      Long p90,
      Long p95,
      Long p99,
      Double mean,
      Long min,
      Long max,
      Double avgBytes,
      double rps,
      double fps) {

    static Stats of(
        String name,
        long requests,
        long failures,
        Histogram times,
        Double avgBytes,
        double rps,
        double fps) {
      boolean any = times.getTotalCount() > 0;
      return new Stats(
          name,
          requests,
          failures,
          any ? times.getValueAtPercentile(50.0) : null,
          any ? times.getValueAtPercentile(90.0) : null,
          any ? times.getValueAtPercentile(95.0) : null,
          any ? times.getValueAtPercentile(99.0) : null,
          any ? Math.round(times.getMean() * 10) / 10.0 : null,
          any ? times.getMinValue() : null,
          any ? times.getMaxValue() : null,
          avgBytes == null ? null : Math.round(avgBytes * 10) / 10.0,
          Math.round(rps * 10) / 10.0,
          Math.round(fps * 10) / 10.0);
    }
  }

  /** One failure message of one request name. */
  public record Failure(
      String request, String message, long count, double firstSeen, double lastSeen) {}

  /** A judged level, as the page's levels table shows it. */
  public record Level(
      String name,
      int users,
      Double rate,
      long from,
      long to,
      long requests,
      double rps,
      Double limit,
      double koPercent,
      Integer p95,
      Integer p99,
      String outcome) {

    static Level of(Summary.Level l) {
      return new Level(
          l.name(),
          l.users(),
          l.users() == 0 ? l.limit() : null,
          l.fromSecond(),
          l.toSecond(),
          l.requests(),
          Math.round(l.requestsPerSecond() * 10) / 10.0,
          l.limit() == null ? null : Math.round(l.limit() * 10) / 10.0,
          Math.round(l.koPercent() * 100) / 100.0,
          l.p95(),
          l.p99(),
          l.outcome());
    }
  }

  /** The series as the page wants it: one array per figure. */
  @JsonIgnore
  public Map<String, List<Object>> series() {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (String k : List.of("t", "requests", "failures", "p50", "p95", "p99", "users")) {
      out.put(k, new ArrayList<>(points.size()));
    }
    for (Point p : points) {
      out.get("t").add(p.t());
      out.get("requests").add(p.requests());
      out.get("failures").add(p.failures());
      out.get("p50").add(p.p50());
      out.get("p95").add(p.p95());
      out.get("p99").add(p.p99());
      out.get("users").add(p.users());
    }
    return out;
  }
}
