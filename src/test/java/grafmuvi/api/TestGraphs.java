package grafmuvi.api;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;

/** Small graphs and settings for tests. */
final class TestGraphs {

  static final String GODFATHER = "tt0068646";
  static final String AMERICAN_GANGSTER = "tt0765429";
  static final String TRAINING_DAY = "tt0139654";
  static final String BLACK_MASS = "tt1355683";

  private TestGraphs() {}

  static Movie movie(int index, String id, String title, int year, String genre) {
    return new Movie(index, id, title, year, genre, null, null);
  }

  /**
   * The upstream worked example: American Gangster —100→ The Godfather, American Gangster —50→
   * Training Day, The Godfather —100→ Black Mass; plus a Horror and a Musical movie linked to each
   * other (for rule 2) and a movie without edges.
   */
  static MovieGraph workedExample() {
    MovieGraph g =
        MovieGraph.of(
            List.of(
                movie(0, AMERICAN_GANGSTER, "American Gangster", 2007, "Drama"),
                movie(1, GODFATHER, "The Godfather", 1972, "Drama"),
                movie(2, TRAINING_DAY, "Training Day", 2001, "Drama"),
                movie(3, BLACK_MASS, "Black Mass", 2015, "Drama"),
                movie(4, "tt0000004", "Scary Movie Night", 2000, "Horror"),
                movie(5, "tt0000005", "Sing, \"Sing\" Along", 2000, "Musical"),
                movie(6, "tt0000006", "Lonely Film", 1999, "Drama")));
    g.setPromotions(0, 1, 100);
    g.setPromotions(0, 2, 50);
    g.setPromotions(1, 3, 100);
    g.setPromotions(4, 5, 1);
    return g;
  }

  /** Defaults of grafmuvi-api.conf with these overrides (keys relative to grafmuvi.api), port 0. */
  static ApiSettings settings(Map<String, ?> overrides) {
    var config =
        ConfigFactory.parseMap(prefixed(overrides), "test")
            .withFallback(ConfigFactory.parseMap(Map.of("grafmuvi.api.port", 0), "test port"))
            .withFallback(ConfigFactory.parseResources(ApiSettings.RESOURCE))
            .resolve();
    return ApiSettings.from(config);
  }

  static ApiSettings settings() {
    return settings(Map.of());
  }

  /** Defaults with the dataset graph (ranked by movies), port 0. */
  static ApiSettings dataset() {
    return settings(Map.of("graph", GraphFile.DATASET));
  }

  private static Map<String, Object> prefixed(Map<String, ?> overrides) {
    var out = new java.util.HashMap<String, Object>();
    overrides.forEach((k, v) -> out.put(ApiSettings.PATH + "." + k, v));
    return out;
  }
}
