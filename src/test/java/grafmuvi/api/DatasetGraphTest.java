package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.testing.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in dataset graph: committed as derived, served ranked by movies (too dense for paths).
 */
class DatasetGraphTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server = ApiServer.bind(TestGraphs.dataset()).start();
    base = server.baseUri();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> ranked(String path) throws Exception {
    HttpResponse<String> r = Http.get(base, path);
    assertEquals(200, r.statusCode(), path);
    JsonNode body = JSON.readTree(r.body());
    return ContractTest.ranked(body);
  }

  @Test
  void committedGraphEqualsTheDerivationByteForByte() throws Exception {
    String committed = Files.readString(DatasetDerivation.COMMITTED, StandardCharsets.UTF_8);
    assertTrue(
        committed.equals(DatasetDerivation.text()),
        DatasetDerivation.COMMITTED
            + " is stale: regenerate it"
            + " with grafmuvi.api.DatasetDerivation (see its javadoc)");
  }

  @Test
  void theDatasetIsRankedByMoviesAutomatically() {
    assertEquals(Recommendations.Mode.MOVIES, server.recommendations().mode());
    assertTrue(
        server
            .ranking()
            .startsWith(
                "movies (max-depth 3, max-results 10), auto: movie vd0000 (The Land Girls)"
                    + " has more than 1000 simple paths"),
        server.ranking());
    ApiStats s = server.stats();
    assertEquals(3201, s.movies());
    assertTrue(s.edges() > 3201 * 5 / 2, "every movie has at least 5 edges: " + s.edges());
  }

  @Test
  void godfatherHasTenDistinctRecommendationsBestFirst() throws Exception {
    List<String> titles = ranked("/api/id/tt0068646");
    assertEquals(10, titles.size(), "max-results");
    // Hop 1 with the seed promotions (100 each) comes first, ties broken by title.
    assertEquals(List.of("American Gangster", "Black Mass"), titles.subList(0, 2));
    assertFalse(titles.contains("The Godfather"), "the movie itself is not recommended");
    assertEquals(titles.size(), titles.stream().distinct().count(), "each movie once");
    assertEquals(titles, ranked("/api/title/The%20Godfather/1972"), "OMDb's spelling here");
    assertEquals(
        "{}",
        Http.get(base, "/api/title/The%20godfather/1972").body(),
        "exact: the seed's spelling is not");
  }

  @Test
  void otherMoviesHaveNonImdbIds() throws Exception {
    // vega's first entry, The Land Girls (1998), is vd0000.
    assertEquals(ranked("/api/title/The%20Land%20Girls/1998"), ranked("/api/id/vd0000"));
    assertFalse(ranked("/api/id/vd0000").isEmpty());
  }

  @Test
  void urlEncodedTitlesWithAccentsSlashesAndPunctuation() throws Exception {
    // vega spells some accents oddly (shipped verbatim): "LÈon" (1994), UTF-8 percent-encoded.
    assertFalse(ranked("/api/title/L%C3%88on/1994").isEmpty());
    assertEquals(
        "{}", Http.get(base, "/api/title/l%C3%A8on/1994").body(), "exact: no case folding");
    for (String[] t :
        new String[][] {
          {"Crouching Tiger, Hidden Dragon", "2000"},
          {"Star Wars Ep. IV: A New Hope", "1977"},
          {"Who Framed Roger Rabbit?", "1988"},
          {"Dumb & Dumber", "1994"},
          {"Romeo+Juliet", "1996"},
          {"Revolution#9", "2002"},
          {"What the #$'! Do We Know", "2004"},
          {"AimÈe & Jaguar", "2000"},
          {"Face/Off", "1997"},
          {"Fahrenheit 9/11", "2004"},
        }) {
      assertFalse(ranked("/api/title/" + encode(t[0]) + "/" + t[1]).isEmpty(), t[0]);
    }
  }

  static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
