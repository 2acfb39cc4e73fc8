package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grafmuvi.api.testing.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Overload shedding: a bounded number in flight, a bounded queue, 503 + Retry-After beyond,
 * recovery.
 */
class OverloadTest {

  private static List<HttpResponse<String>> burst(URI base, int n) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(base + "/api/id/tt0765429"))
              .timeout(Duration.ofSeconds(20))
              .GET()
              .build();
      futures.add(Http.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> out = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : futures) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  void pastTheLimitAnswers503WithRetryAfterAndRecovers() throws Exception {
    try (ApiServer server =
        ApiServer.bind(
                TestGraphs.settings(
                    Map.of(
                        "response-delay",
                        "1s",
                        "max-concurrent-requests",
                        2,
                        "max-queued-requests",
                        2,
                        "max-queue-wait",
                        "10s",
                        "retry-after",
                        "2s")),
                TestGraphs.workedExample())
            .start()) {
      List<HttpResponse<String>> responses = burst(server.baseUri(), 24);
      long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
      long shed = responses.stream().filter(r -> r.statusCode() == 503).count();
      assertEquals(responses.size(), ok + shed, "only 200 or 503");
      assertTrue(ok >= 4, "2 in flight + 2 queued are served: " + ok);
      assertTrue(ok <= 8, "no more than the slots free up while the burst arrives: " + ok);
      assertTrue(shed >= 12, "the rest is shed at once, not queued without bound: " + shed);
      for (HttpResponse<String> r : responses) {
        if (r.statusCode() == 503) {
          assertEquals("2", r.headers().firstValue("Retry-After").orElse(null));
          assertTrue(r.body().contains("overloaded"), r.body());
        } else {
          assertEquals(
              "{\"1\":\"The Godfather\",\"2\":\"Training Day\",\"3\":\"Black Mass\"}", r.body());
        }
      }
      assertEquals(shed, server.stats().overloadRejections());
      for (int i = 0; i < 5; i++) {
        assertEquals(200, Http.get(server.baseUri(), "/status").statusCode(), "recovered");
      }
    }
  }

  @Test
  void aRequestWaitingTooLongIsShed() throws Exception {
    try (ApiServer server =
        ApiServer.bind(
                TestGraphs.settings(
                    Map.of(
                        "response-delay",
                        "600ms",
                        "max-concurrent-requests",
                        1,
                        "max-queued-requests",
                        100,
                        "max-queue-wait",
                        "100ms")),
                TestGraphs.workedExample())
            .start()) {
      List<HttpResponse<String>> responses = burst(server.baseUri(), 6);
      long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
      long shed = responses.stream().filter(r -> r.statusCode() == 503).count();
      assertEquals(6, ok + shed);
      assertTrue(ok >= 1 && shed >= 3, ok + " served, " + shed + " shed after waiting 100ms");
      assertEquals(200, Http.get(server.baseUri(), "/status").statusCode());
    }
  }

  @Test
  void responseDelayMakesAnswersSlower() {
    try (ApiServer server =
        ApiServer.bind(
                TestGraphs.settings(Map.of("response-delay", "300ms")), TestGraphs.workedExample())
            .start()) {
      long start = System.nanoTime();
      assertEquals(200, Http.get(server.baseUri(), "/status").statusCode());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 290, "took " + millis + " ms");
    }
  }
}
