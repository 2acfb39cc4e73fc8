package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.testing.Http;
import grafmuvi.config.InvalidSettingsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream's ranking: one entry per simple path, by length then sum descending, ties in creation
 * order.
 */
class PathRankingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<String> titles(MovieGraph g, String id) {
    return new PathRanking(g).rank(g.indexOfId(id)).stream().map(i -> g.movie(i).title()).toList();
  }

  private static MovieGraph graph(String text) {
    return MovieGraph.of(GraphFile.parse("test.graph", text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theWorkedExample() {
    MovieGraph g = MovieGraph.of(GraphFile.load(GraphFile.SEED));
    assertEquals(List.of("The godfather", "Training day", "Black mass"), titles(g, "tt0765429"));
    // American gangster and Black mass tie at 1 hop and 100: the older edge (AG–GF, line 1) first.
    assertEquals(
        List.of("American gangster", "Black mass", "Training day"), titles(g, "tt0068646"));
  }

  @Test
  void aCycleListsEveryMovieOncePerSimplePath() {
    // A triangle a–b 1, b–c 2, c–a 3, plus d hanging off c (4).
    MovieGraph g =
        graph(
            "movie\ta\t1\tA\nmovie\tb\t1\tB\nmovie\tc\t1\tC\nmovie\td\t1\tD\n"
                + "similar\ta\tb\t1\nsimilar\tb\tc\t2\nsimilar\tc\ta\t3\nsimilar\tc\td\t4\n");
    // From a: a-c 3, a-b 1 | a-c-b 5, a-b-c 3, a-c-d 7 | a-b-c-d 7.
    assertEquals(List.of("C", "B", "D", "B", "C", "D"), titles(g, "a"));
    assertEquals(6, new PathRanking(g).count(g.indexOfId("a"), 1000));
    assertEquals(
        4, new PathRanking(g).count(g.indexOfId("a"), 3), "counting stops after limit + 1");
  }

  @Test
  void tiesKeepTheOrderTheEdgesWereCreatedIn() {
    MovieGraph first =
        graph(
            "movie\tx\t1\tX\nmovie\tp\t1\tP\nmovie\tq\t1\tQ\nsimilar\tx\tp\t7\nsimilar\tq\tx\t7\n");
    assertEquals(List.of("P", "Q"), titles(first, "x"));
    MovieGraph swapped =
        graph(
            "movie\tx\t1\tX\nmovie\tp\t1\tP\nmovie\tq\t1\tQ\nsimilar\tq\tx\t7\nsimilar\tx\tp\t7\n");
    assertEquals(List.of("Q", "P"), titles(swapped, "x"));
    // Equal length and sum at depth 2: the walk's pre-order decides (through p before through q).
    MovieGraph deep =
        graph(
            "movie\tx\t1\tX\nmovie\tp\t1\tP\nmovie\tq\t1\tQ\nmovie\tr\t1\tR\nmovie\ts\t1\tS\n"
                + "similar\tx\tp\t1\nsimilar\tx\tq\t1\nsimilar\tq\ts\t5\nsimilar\tp\tr\t5\n");
    assertEquals(List.of("P", "Q", "R", "S"), titles(deep, "x"));
  }

  @Test
  void negativeAndZeroPromotionsRankLast() {
    MovieGraph g =
        graph(
            "movie\tx\t1\tX\nmovie\tp\t1\tP\nmovie\tq\t1\tQ\nmovie\tr\t1\tR\n"
                + "similar\tx\tp\t-5\nsimilar\tx\tq\t0\nsimilar\tx\tr\t3\n");
    assertEquals(List.of("R", "Q", "P"), titles(g, "x"));
  }

  @Test
  void autoPicksPathsForASmallGraphAndMoviesBeyondTheBound() {
    MovieGraph clique =
        graph(
            "movie\ta\t1\tA\n"
                + "movie\tb\t1\tB\n"
                + "movie\tc\t1\tC\n"
                + "movie\td\t1\tD\n"
                + "similar\ta\tb\t1\n"
                + "similar\ta\tc\t1\n"
                + "similar\ta\td\t1\n"
                + "similar\tb\tc\t1\n"
                + "similar\tb\td\t1\n"
                + "similar\tc\td\t1\n");
    // A 4-clique: 3 + 6 + 6 = 15 simple paths from each movie (upstream: 15 entries for 3 movies).
    Recommendations paths =
        Recommendations.of(clique, TestGraphs.settings(Map.of("max-paths", 15)));
    assertEquals(Recommendations.Mode.PATHS, paths.mode());
    assertEquals(15, paths.ranking(0).size());
    Recommendations movies =
        Recommendations.of(clique, TestGraphs.settings(Map.of("max-paths", 14)));
    assertEquals(Recommendations.Mode.MOVIES, movies.mode());
    assertEquals(
        "movies (max-depth 3, max-results 10), auto: movie a (A) has more than 14 simple paths"
            + " (max-paths)",
        movies.description());
    assertEquals(3, movies.ranking(0).size());
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                Recommendations.of(
                    clique, TestGraphs.settings(Map.of("max-paths", 14, "ranking", "paths"))));
    assertTrue(
        e.getMessage()
            .contains(
                "grafmuvi.api.ranking = paths: the graph seed is too dense to rank by paths:"
                    + " movie a (A) has more than 14 simple paths"),
        e.getMessage());
    assertEquals(
        Recommendations.Mode.MOVIES,
        Recommendations.of(clique, TestGraphs.settings(Map.of("ranking", "movies"))).mode());
  }

  @Test
  void rankingPathsOnTheDatasetIsRefusedBeforeBinding() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                ApiServer.bind(
                    TestGraphs.settings(Map.of("graph", "dataset", "ranking", "paths"))));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Invalid setting: grafmuvi.api.ranking = paths: the graph dataset is too dense"),
        e.getMessage());
  }

  @Test
  void aCycleOverHttpWithDuplicates() throws Exception {
    Path f = dir.resolve("triangle.graph");
    Files.writeString(
        f,
        "movie\ta\t2000\tA\nmovie\tb\t2001\tB\nmovie\tc\t2002\tC\n"
            + "similar\ta\tb\t10\nsimilar\tb\tc\t10\nsimilar\tc\ta\t10\n");
    try (ApiServer server =
        ApiServer.bind(TestGraphs.settings(Map.of("graph", f.toString()))).start()) {
      var r = Http.get(server.baseUri(), "/api/id/a");
      assertEquals(200, r.statusCode());
      assertEquals("{\"1\":\"B\",\"2\":\"C\",\"3\":\"C\",\"4\":\"B\"}", r.body());
      assertEquals(r.body(), Http.get(server.baseUri(), "/api/title/A/2000").body());
    }
  }

  @Test
  void aPromotionThatWouldExplodeThePathsIsRefusedAndChangesNothing() throws Exception {
    Path f = dir.resolve("chain.graph");
    Files.writeString(
        f,
        "movie\ta\t2000\tA\tgenre=Drama\n"
            + "movie\tb\t2001\tB\tgenre=Drama\n"
            + "movie\tc\t2002\tC\tgenre=Drama\n"
            + "movie\td\t2003\tD\tgenre=Drama\n"
            + "similar\ta\tb\t1\n"
            + "similar\tb\tc\t1\n"
            + "similar\tc\td\t1\n");
    try (ApiServer server =
        ApiServer.bind(TestGraphs.settings(Map.of("graph", f.toString(), "max-paths", 5)))
            .start()) {
      String before = Http.get(server.baseUri(), "/api/id/a").body();
      assertEquals("{\"1\":\"B\",\"2\":\"C\",\"3\":\"D\"}", before);
      // a–d closes a 4-cycle: 6 simple paths from each movie, more than max-paths 5.
      var refused = Http.post(server.baseUri(), "/api/post/id", "{\"id1\":\"a\",\"id2\":\"d\"}");
      assertEquals(400, refused.statusCode());
      assertTrue(
          JSON.readTree(refused.body())
              .get("description")
              .asText()
              .contains("more than 5 simple paths"),
          refused.body());
      assertEquals(before, Http.get(server.baseUri(), "/api/id/a").body());
      assertEquals(3, server.stats().edges());
      // An existing edge can always be promoted: path counts do not change.
      var promoted = Http.post(server.baseUri(), "/api/post/id", "{\"id1\":\"c\",\"id2\":\"d\"}");
      assertEquals(200, promoted.statusCode(), promoted.body());
      assertEquals(
          "{\"1\":\"D\",\"2\":\"B\",\"3\":\"A\"}", Http.get(server.baseUri(), "/api/id/c").body());
    }
  }
}
