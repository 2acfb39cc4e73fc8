package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.testing.Http;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The upstream worked example, as a unit and over HTTP, and the ranking bounds. */
class WorkedExampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> titles(Recommendations r, MovieGraph g, String id) {
    return r.ranking(g.indexOfId(id)).stream()
        .map(i -> g.movie(i).title())
        .collect(Collectors.toList());
  }

  @Test
  void americanGangsterRanksGodfatherThenTrainingDayThenBlackMass() {
    MovieGraph g = TestGraphs.workedExample();
    Recommendations r = new Recommendations(g, 3, 10);
    assertEquals(
        List.of("The Godfather", "Training Day", "Black Mass"),
        titles(r, g, TestGraphs.AMERICAN_GANGSTER));
    // From The Godfather: hop 1 American Gangster (100) and Black Mass (100), tie by title; hop 2
    // Training Day.
    assertEquals(
        List.of("American Gangster", "Black Mass", "Training Day"),
        titles(r, g, TestGraphs.GODFATHER));
    assertEquals(
        List.of("American Gangster", "The Godfather", "Black Mass"),
        titles(r, g, TestGraphs.TRAINING_DAY));
  }

  @Test
  void depthAndResultBoundsApply() {
    MovieGraph g = TestGraphs.workedExample();
    assertEquals(
        List.of("The Godfather", "American Gangster"),
        titles(new Recommendations(g, 2, 10), g, TestGraphs.BLACK_MASS));
    assertEquals(
        List.of("The Godfather"), titles(new Recommendations(g, 1, 10), g, TestGraphs.BLACK_MASS));
    assertEquals(
        List.of("The Godfather", "Training Day"),
        titles(new Recommendations(g, 3, 2), g, TestGraphs.AMERICAN_GANGSTER));
  }

  @Test
  void hopsBeatPromotionsAndTheBestShortestPathCounts() {
    // a–b 1, a–c 1, b–d 100, c–d 5, a–e 2: d is 2 hops away via b (101) or c (6): best is 101.
    MovieGraph g =
        MovieGraph.of(
            List.of(
                TestGraphs.movie(0, "a", "A", 2000, null),
                    TestGraphs.movie(1, "b", "B", 2000, null),
                TestGraphs.movie(2, "c", "C", 2000, null),
                    TestGraphs.movie(3, "d", "D", 2000, null),
                TestGraphs.movie(4, "e", "E", 2000, null),
                    TestGraphs.movie(5, "f", "F", 2000, null)));
    g.setPromotions(0, 1, 1);
    g.setPromotions(0, 2, 1);
    g.setPromotions(1, 3, 100);
    g.setPromotions(2, 3, 5);
    g.setPromotions(0, 4, 2);
    g.setPromotions(4, 5, 50);
    Recommendations r = new Recommendations(g, 3, 10);
    // hop 1: E (2) > B (1) = C (1, title order); hop 2: D (101) > F (52).
    assertEquals(List.of("E", "B", "C", "D", "F"), titles(r, g, "a"));
  }

  @Test
  void overHttp() throws Exception {
    try (ApiServer server = ApiServer.bind(TestGraphs.settings(), TestGraphs.workedExample())) {
      assertTrue(server.port() > 0, "bound before start");
      server.start();
      URI base = server.baseUri();
      assertEquals("http://127.0.0.1:" + server.port(), base.toString());
      var r = Http.get(base, "/api/id/tt0765429");
      assertEquals(200, r.statusCode());
      assertEquals(
          "{\"1\":\"The Godfather\",\"2\":\"Training Day\",\"3\":\"Black Mass\"}", r.body());
      assertEquals(r.body(), Http.get(base, "/api/title/American%20Gangster/2007").body());
      assertEquals(
          "{}",
          Http.get(base, "/api/title/american%20gangster/2007").body(),
          "exact, case-sensitive");
      Map<?, ?> godfather =
          JSON.readValue(Http.get(base, "/api/title/The%20Godfather/1972").body(), Map.class);
      assertEquals(
          Map.of("1", "American Gangster", "2", "Black Mass", "3", "Training Day"), godfather);
      assertEquals("{}", Http.get(base, "/api/id/tt0000006").body(), "a movie without edges");
    }
  }

  @Test
  void bindListensButServesOnlyAfterStart() throws Exception {
    try (ApiServer server = ApiServer.bind(TestGraphs.settings(), TestGraphs.workedExample());
        java.net.Socket early = new java.net.Socket("127.0.0.1", server.port())) {
      early
          .getOutputStream()
          .write(
              "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      early.setSoTimeout(300);
      org.junit.jupiter.api.Assertions.assertThrows(
          java.net.SocketTimeoutException.class,
          () -> early.getInputStream().read(),
          "no answer before start()");
      server.start();
      early.setSoTimeout(5_000);
      String answer = Http.readAll(early.getInputStream());
      assertEquals(
          200, Http.status(answer), "the connection accepted by bind() is served after start()");
    }
  }

  @Test
  void closeIsIdempotentAndReleasesThePort() {
    ApiServer server = ApiServer.start(TestGraphs.settings());
    int port = server.port();
    assertEquals(200, Http.get(server.baseUri(), "/status").statusCode());
    server.close();
    server.close();
    try (java.net.ServerSocket again =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(port, again.getLocalPort());
    } catch (java.io.IOException e) {
      throw new AssertionError("port " + port + " still held after close", e);
    }
  }
}
