package grafmuvi.loadtest.movies;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.api.ApiServer;
import grafmuvi.api.ApiSettings;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.loadtest.testing.TestSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The movies the requests ask about, and how their titles travel in a URL. */
class MovieDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiServer api;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path tmp;

  @BeforeAll
  static void startApi() {
    api =
        ApiServer.start(
            ApiSettings.from(
                com.typesafe.config.ConfigFactory.parseMap(
                        Map.of("grafmuvi.api.port", "0", "grafmuvi.api.graph", "dataset"))
                    .withFallback(
                        com.typesafe.config.ConfigFactory.parseResources("grafmuvi-api.conf"))
                    .resolve()));
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static MovieData data(String... keyValues) {
    return MovieData.of(TestSettings.withProperties(keyValues));
  }

  @Test
  void pathSegmentsEncodeSpacesSlashesAccentsAndPunctuation() {
    assertEquals("The%20godfather", MovieData.pathSegment("The godfather"));
    assertEquals("Nine%201%2F2%20Weeks", MovieData.pathSegment("Nine 1/2 Weeks"));
    assertEquals("Quo%20Vadis%3F", MovieData.pathSegment("Quo Vadis?"));
    assertEquals("Revolution%239", MovieData.pathSegment("Revolution#9"));
    assertEquals("Am%C3%A9lie", MovieData.pathSegment("Amélie"));
    assertEquals("100%25%20%2B%201", MovieData.pathSegment("100% + 1"));
  }

  @Test
  void everyAwkwardDatasetTitleFindsItsMovieThroughTheApi() throws Exception {
    List<String> misses = new ArrayList<>();
    int awkward = 0;
    for (Map<String, Object> movie :
        data("grafmuvi.data", "dataset", "grafmuvi.api.graph", "dataset").records()) {
      String titleSegment = (String) movie.get(MovieData.TITLE_SEGMENT);
      if (titleSegment.matches("[A-Za-z0-9]+(%20[A-Za-z0-9]+)*")) {
        continue;
      }
      awkward++;
      String title =
          java.net.URLDecoder.decode(
              titleSegment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
      String path = "/api/title/" + titleSegment + "/" + movie.get(MovieData.YEAR);
      HttpResponse<String> r =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(api.baseUri() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !JSON.readTree(r.body()).has("1")) {
        misses.add(title + " -> " + r.statusCode() + " " + r.body());
      }
    }
    assertTrue(awkward > 100, "expected many titles with accents or punctuation, found " + awkward);
    assertEquals(List.of(), misses);
  }

  @Test
  void theSeedAsksForTheSeedsMovie() {
    Map<String, Object> m = data().records().get(0);
    assertEquals(1, data().size());
    assertEquals("tt0068646", m.get(MovieData.IMDB_ID));
    assertEquals("The%20godfather", m.get(MovieData.TITLE_SEGMENT));
    assertEquals("1972", m.get(MovieData.YEAR));
  }

  @Test
  void theDatasetHoldsThousandsOfDistinctMovies() {
    List<Map<String, Object>> movies =
        data("grafmuvi.data", "dataset", "grafmuvi.api.graph", "dataset").records();
    assertTrue(movies.size() > 3000, "size " + movies.size());
    assertEquals(
        movies.size(), movies.stream().map(m -> m.get(MovieData.IMDB_ID)).distinct().count());
  }

  @Test
  void aUsersCsvWorksAndABadOneIsRefused() throws Exception {
    Path good = tmp.resolve("mine.csv");
    Files.writeString(
        good,
        "imdbId,title,year\ntt0139654,Training Day,2001\ntt0765429,\"American Gangster\",2007\n");
    MovieData mine = data("grafmuvi.data", good.toString());
    assertEquals(2, mine.size());

    Path noTitle = tmp.resolve("bad.csv");
    Files.writeString(noTitle, "id,year\ntt1,2001\n");
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class, () -> data("grafmuvi.data", noTitle.toString()));
    assertTrue(
        e.getMessage().contains("grafmuvi.data = \"" + noTitle + "\": has the columns [id, year]"),
        e.getMessage());

    Path shortRow = tmp.resolve("short.csv");
    Files.writeString(shortRow, "imdbId,title,year\ntt1,One,2001\ntt2,Two\n");
    InvalidSettingsException incomplete =
        assertThrows(
            InvalidSettingsException.class, () -> data("grafmuvi.data", shortRow.toString()));
    assertTrue(
        incomplete.getMessage().contains("line 3 lacks one of [imdbId, title, year]"),
        incomplete.getMessage());

    InvalidSettingsException missing =
        assertThrows(
            InvalidSettingsException.class,
            () -> data("grafmuvi.data", tmp.resolve("nowhere.csv").toString()));
    assertTrue(
        missing
            .getMessage()
            .contains("is not a readable file; must be seed, dataset or the path of a CSV file"),
        missing.getMessage());
  }
}
