package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.loadtest.testing.GatlingChild;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real short run with its live page on: while it runs, the page's data and /metrics are read
 * every half second (and a hundred clients connect at once); the counts only grow, and the
 * recorder's final counts are Gatling's own totals in summary.json.
 */
class LivePageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int USERS = 10;
  private static final Pattern LIVE = Pattern.compile("GrafMuvi live: (http://\\S+/)");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  @Test
  void thePagesCountsOnlyGrowAndEndAtGatlingsTotals() throws Exception {
    Map<String, String> props =
        GatlingChild.latencyNotJudged(
            GatlingChild.shortRun(
                "embedded",
                "10s",
                "grafmuvi.live.enabled",
                "true",
                "grafmuvi.users",
                String.valueOf(USERS)));
    GatlingChild.Started run =
        GatlingChild.start(
            GrafMuviSimulation.class, props, Files.createTempDirectory(tmp, "run"), List.of());
    URI page = null;
    for (int i = 0; i < 600 && page == null && run.process().isAlive(); i++) {
      Matcher m = LIVE.matcher(run.output());
      if (m.find()) {
        page = URI.create(m.group(1));
      } else {
        Thread.sleep(100);
      }
    }
    assertNotNull(page, "no live page was printed:\n" + run.output());
    String html = get(page.resolve("/")).body();
    assertTrue(html.contains("<html"), html);
    assertEquals(200, get(page.resolve("/webjars/uplot/uPlot.iife.min.js")).statusCode());

    List<Long> pageCounts = new ArrayList<>();
    List<Double> metricCounts = new ArrayList<>();
    boolean crowded = false;
    while (run.process().isAlive()) {
      try {
        JsonNode live = JSON.readTree(get(page.resolve("/live.json")).body());
        pageCounts.add(aggregated(live).path("requests").asLong());
        metricCounts.add(requestsTotal(get(page.resolve("/metrics")).body()));
        if (!crowded && pageCounts.get(pageCounts.size() - 1) > 0) {
          crowded = true;
          List<CompletableFuture<HttpResponse<String>>> crowd = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            crowd.add(
                CLIENT.sendAsync(
                    request(page.resolve("/live.json")), HttpResponse.BodyHandlers.ofString()));
          }
          for (CompletableFuture<HttpResponse<String>> c : crowd) {
            assertEquals(200, c.get().statusCode());
          }
        }
      } catch (java.io.IOException e) {
        // the run has just ended and its JVM with it
      }
      Thread.sleep(500);
    }
    GatlingChild.Run done = run.await(Duration.ofSeconds(60));
    assertEquals(0, done.exitCode(), done.output());
    assertTrue(pageCounts.size() >= 5, "too few polls during the run: " + pageCounts);
    assertTrue(crowded, "the crowd never connected");
    assertNonDecreasing(pageCounts);
    assertNonDecreasing(metricCounts);

    JsonNode summary = JSON.readTree(done.file("summary.json").toFile());
    JsonNode last = JSON.readTree(done.file("live.json").toFile());
    assertEquals("finished", last.path("state").asText());
    // Equal, but for the answers checked in the instant between Gatling logging that it stops
    // (when the recorder closes) and its statistics stopping: at most one per user, the request it
    // had on its way (on a quiet machine none; a few on one with a load average of 15).
    long gatling = summary.path("global").path("count").asLong();
    long recorded = aggregated(last).path("requests").asLong();
    assertTrue(
        Math.abs(gatling - recorded) <= USERS,
        "Gatling counted " + gatling + ", the recorder " + recorded);
    assertEquals(0, summary.path("global").path("ko").asLong());
    assertEquals(0, aggregated(last).path("failures").asLong());
    assertTrue(
        pageCounts.get(pageCounts.size() - 1) <= recorded, "the page counted beyond its end");
    // The average size, in the summary and on the page, is the recorder's: 15 bytes for /status.
    for (JsonNode r : summary.path("requests")) {
      if (r.path("name").asText().equals("status")) {
        assertEquals(15.0, r.path("meanBytes").asDouble(), 1e-9, r.toString());
      }
    }
    assertTrue(
        summary.path("global").path("meanBytes").asDouble() > 15,
        summary.path("global").toString());
  }

  private static JsonNode aggregated(JsonNode live) {
    JsonNode stats = live.path("stats");
    JsonNode row = stats.get(stats.size() - 1);
    assertEquals("Aggregated", row.path("name").asText());
    return row;
  }

  /** The sum of grafmuvi_loadtest_requests_total over its labels. */
  private static double requestsTotal(String metrics) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith("grafmuvi_loadtest_requests_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static <T extends Comparable<T>> void assertNonDecreasing(List<T> values) {
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i).compareTo(values.get(i - 1)) >= 0, "a count went down: " + values);
    }
  }

  private static HttpRequest request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(request(uri), HttpResponse.BodyHandlers.ofString());
  }
}
