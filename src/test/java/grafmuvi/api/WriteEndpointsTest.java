package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.testing.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /api/post/id and /api/post/title/year: promotions, refusals, rate limit, concurrency. */
class WriteEndpointsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AG_TD =
      "{\"id1\":\"tt0765429\",\"id2\":\"tt0139654\",\"downgrade\":false}";

  private static ApiServer server(Map<String, ?> settings) {
    return ApiServer.bind(TestGraphs.settings(settings), TestGraphs.workedExample()).start();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void promoteAndDowngradeByIdChangeBothDirections() throws Exception {
    try (ApiServer server = server(Map.of())) {
      URI base = server.baseUri();
      HttpResponse<String> up = Http.post(base, "/api/post/id", AG_TD);
      assertEquals(200, up.statusCode(), up.body());
      assertEquals(
          "application/json; charset=utf-8", up.headers().firstValue("Content-Type").orElse(null));
      assertEquals("{\"id1\":\"tt0765429\",\"id2\":\"tt0139654\",\"promotions\":51}", up.body());
      Recommendations r = server.recommendations();
      assertEquals(51, r.promotions(0, 2));
      assertEquals(51, r.promotions(2, 0));
      HttpResponse<String> down =
          Http.post(
              base,
              "/api/post/id",
              "{\"id1\":\"tt0139654\",\"id2\":\"tt0765429\",\"downgrade\":true}");
      assertEquals(200, down.statusCode(), down.body());
      assertEquals(50, json(down).get("promotions").asInt());
      assertEquals(50, r.promotions(0, 2));
      assertEquals(2, server.stats().promotionsAccepted());
    }
  }

  @Test
  void promoteByTitleAndYear() throws Exception {
    try (ApiServer server = server(Map.of())) {
      HttpResponse<String> r =
          Http.post(
              server.baseUri(),
              "/API/Post/Title/Year/",
              "{\"title1\":\"The Godfather\",\"released1\":1972,\"title2\":\"Black"
                  + " Mass\",\"released2\":\"2015\"}");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("{\"id1\":\"tt0068646\",\"id2\":\"tt1355683\",\"promotions\":101}", r.body());
    }
  }

  @Test
  void promotionsChangeTheAnswersServedAfterwards() throws Exception {
    try (ApiServer server = server(Map.of("write-limit-count", 100))) {
      URI base = server.baseUri();
      HttpResponse<String> before = Http.get(base, "/api/id/tt0765429");
      assertEquals(
          "{}", Http.get(base, "/api/id/tt0000006").body(), "Lonely Film has no edges yet");
      // A new edge Black Mass–Lonely Film: Lonely Film is now 3 hops from American Gangster.
      HttpResponse<String> p =
          Http.post(base, "/api/post/id", "{\"id1\":\"tt1355683\",\"id2\":\"tt0000006\"}");
      assertEquals(1, json(p).get("promotions").asInt());
      HttpResponse<String> after = Http.get(base, "/api/id/tt0765429");
      assertEquals(
          "{\"1\":\"The Godfather\",\"2\":\"Training Day\",\"3\":\"Black Mass\",\"4\":\"Lonely"
              + " Film\"}",
          after.body());
      assertNotEquals(before.headers().firstValue("ETag"), after.headers().firstValue("ETag"));
      assertEquals(
          200,
          Http.get(
                  base,
                  "/api/id/tt0765429",
                  "If-None-Match",
                  before.headers().firstValue("ETag").orElseThrow())
              .statusCode(),
          "the old ETag no longer matches");
      // Ranked by paths (a small graph): every simple path, so Training Day at 4 hops too.
      assertEquals(
          "{\"1\":\"Black Mass\",\"2\":\"The Godfather\",\"3\":\"American"
              + " Gangster\",\"4\":\"Training Day\"}",
          Http.get(base, "/api/id/tt0000006").body());
      // Training Day overtakes The Godfather from American Gangster after 51 promotions (50+51 >
      // 100).
      for (int i = 0; i < 51; i++) {
        assertEquals(200, Http.post(base, "/api/post/id", AG_TD).statusCode());
      }
      assertEquals("Training Day", json(Http.get(base, "/api/id/tt0765429")).get("1").asText());
    }
  }

  @Test
  void unknownMovieIs404LikeOmdb() {
    try (ApiServer server = server(Map.of())) {
      for (String body :
          List.of(
              "{\"id1\":\"tt0765429\",\"id2\":\"tt9999999\"}",
              "{\"id1\":\"nope\",\"id2\":\"tt0765429\"}")) {
        HttpResponse<String> r = Http.post(server.baseUri(), "/api/post/id", body);
        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":\"error.not_found\",\"source\":\"OmdbAPI\"}", r.body());
      }
      HttpResponse<String> t =
          Http.post(
              server.baseUri(),
              "/api/post/title/year",
              "{\"title1\":\"No Such\",\"released1\":1999,\"title2\":\"Black"
                  + " Mass\",\"released2\":2015}");
      assertEquals(404, t.statusCode());
    }
  }

  @Test
  void incompatibleGenresBreakRule2() throws Exception {
    try (ApiServer server = server(Map.of())) {
      HttpResponse<String> r =
          Http.post(
              server.baseUri(), "/api/post/id", "{\"id1\":\"tt0000004\",\"id2\":\"tt0000005\"}");
      assertEquals(400, r.statusCode());
      JsonNode body = json(r);
      assertEquals(400, body.get("errorCode").asInt());
      assertTrue(body.get("description").asText().contains("rule 2"), body.toString());
      assertEquals(List.of("1", "2", "3"), fieldNames(body.get("rules")));
      assertEquals(1, server.recommendations().promotions(4, 5), "unchanged");
      // Horror–Drama share Thriller/Suspense: compatible.
      assertEquals(
          200,
          Http.post(
                  server.baseUri(), "/api/post/id", "{\"id1\":\"tt0000004\",\"id2\":\"tt0000006\"}")
              .statusCode());
    }
  }

  @Test
  void genreGraphDistanceAtMostTwo() {
    assertTrue(GenreGraph.compatible("Drama", "Drama"));
    assertTrue(GenreGraph.compatible("Horror", "Thriller/Suspense"));
    assertTrue(GenreGraph.compatible("Horror", "Drama"));
    assertTrue(GenreGraph.compatible(null, "Musical"));
    assertTrue(!GenreGraph.compatible("Horror", "Musical"));
    assertTrue(!GenreGraph.compatible("Horror", "Comedy"));
    assertTrue(!GenreGraph.compatible("Concert/Performance", "Action"));
  }

  @Test
  void rateLimitIsRule3PerClient() throws Exception {
    try (ApiServer server =
        server(Map.of("write-limit-count", 3, "write-client-header", "X-Client"))) {
      URI base = server.baseUri();
      for (int i = 0; i < 3; i++) {
        assertEquals(200, Http.post(base, "/api/post/id", AG_TD, "X-Client", "alice").statusCode());
      }
      HttpResponse<String> refused = Http.post(base, "/api/post/id", AG_TD, "X-Client", "alice");
      assertEquals(400, refused.statusCode());
      assertTrue(json(refused).get("description").asText().contains("rule 3"), refused.body());
      assertTrue(
          json(refused).get("rules").get("3").asText().contains("at most 3 promotions within 30m"),
          refused.body());
      assertEquals(
          200,
          Http.post(base, "/api/post/id", AG_TD, "X-Client", "bob").statusCode(),
          "another client");
      assertEquals(
          54,
          server.recommendations().promotions(0, 2),
          "only accepted posts counted (50 + 3 + 1)");
    }
    try (ApiServer server = server(Map.of("write-limit-count", 2, "write-limit-window", "3s"))) {
      URI base = server.baseUri();
      long start = System.nanoTime();
      assertEquals(200, Http.post(base, "/api/post/id", AG_TD).statusCode());
      assertEquals(200, Http.post(base, "/api/post/id", AG_TD).statusCode());
      assertEquals(
          400, Http.post(base, "/api/post/id", AG_TD).statusCode(), "remote address is the client");
      // The window slides: a post is accepted again once the first one is 3 s old, not before.
      long deadline = start + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      int status;
      do {
        status = Http.post(base, "/api/post/id", AG_TD).statusCode();
      } while (status == 400 && System.nanoTime() < deadline);
      assertEquals(200, status, "the window slid");
      assertTrue(
          System.nanoTime() - start >= java.util.concurrent.TimeUnit.SECONDS.toNanos(3),
          "not before 3 s");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "null",
        "1",
        "\"x\"",
        "{}",
        "{\"id1\":1,\"id2\":\"tt0765429\"}",
        "{\"id1\":\"tt0765429\"}",
        "{\"id1\":\"\",\"id2\":\"tt0765429\"}",
        "{\"id1\":\"tt0765429\",\"id2\":\"tt0139654\",\"downgrade\":\"yes\"}",
        "{\"id1\":\"tt0765429\",\"id2\":\"tt0765429\"}",
        "{\"id1\":\"tt0765429\",\"id2\":\"tt0139654\"} trailing",
        "{\"id1\":\"tt0765429\",\"id2\":[\"tt0139654\"]}"
      })
  void malformedPostsAre400(String body) throws Exception {
    try (ApiServer server = server(Map.of())) {
      HttpResponse<String> r = Http.post(server.baseUri(), "/api/post/id", body);
      assertEquals(400, r.statusCode(), body + " -> " + r.body());
      assertEquals(400, json(r).get("errorCode").asInt());
      assertEquals(50, server.recommendations().promotions(0, 2));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"title1\":\"The Godfather\",\"released1\":\"x\",\"title2\":\"Black"
            + " Mass\",\"released2\":2015}",
        "{\"title1\":\"The Godfather\",\"released1\":1972,\"title2\":\"Black Mass\"}",
        "{\"title1\":\"The Godfather\",\"released1\":1972.5,\"title2\":\"Black"
            + " Mass\",\"released2\":2015}"
      })
  void malformedTitlePostsAre400(String body) {
    try (ApiServer server = server(Map.of())) {
      assertEquals(
          400, Http.post(server.baseUri(), "/api/post/title/year", body).statusCode(), body);
    }
  }

  @Test
  void concurrentPromotionsAreCountedExactly() throws Exception {
    int threads = 8;
    int postsEach = 40;
    try (ApiServer server = server(Map.of("write-limit-count", 1_000_000))) {
      URI base = server.baseUri();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      Set<Integer> counts = ConcurrentHashMap.newKeySet();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean reversed = t % 2 == 1;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < postsEach; i++) {
                    String body =
                        reversed ? "{\"id1\":\"tt0139654\",\"id2\":\"tt0765429\"}" : AG_TD;
                    HttpResponse<String> r = Http.post(base, "/api/post/id", body);
                    assertEquals(200, r.statusCode(), r.body());
                    counts.add(json(r).get("promotions").asInt());
                    // Reads in between must never see a half-made answer.
                    assertEquals(200, Http.get(base, "/api/id/tt0068646").statusCode());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int n = threads * postsEach;
      assertEquals(
          50 + n,
          server.recommendations().promotions(0, 2),
          "N accepted promotions raise the count by N");
      assertEquals(50 + n, server.recommendations().promotions(2, 0));
      assertEquals(n, counts.size(), "every accepted post saw a distinct new count");
      assertEquals(n, server.stats().promotionsAccepted());
      assertEquals(
          "Training Day",
          json(Http.get(base, "/api/id/tt0765429")).get("1").asText(),
          "the answer reflects the final count");
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
