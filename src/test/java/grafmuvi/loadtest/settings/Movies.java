package grafmuvi.loadtest.settings;

import grafmuvi.api.ApiSettings;
import grafmuvi.config.SettingsReader;

/**
 * Which movies the requests ask about (grafmuvi.data): {@value #SEED} (the seed's one movie),
 * {@value #DATASET} (the embedded API's dataset) or the path of a CSV file.
 *
 * @param data seed, dataset or a path
 * @param imdbId with data = seed: the movie's IMDb id
 * @param title with data = seed: its title, as stored by the target
 * @param year with data = seed: its release year
 */
public record Movies(String data, String imdbId, String title, int year) {

  public static final String SEED = "seed";
  public static final String DATASET = "dataset";

  static Movies read(SettingsReader in, Target target, ApiSettings api) {
    String data = in.nonBlank("grafmuvi.data");
    String imdbId = in.nonBlank("grafmuvi.movie.imdb-id");
    String title = in.nonBlank("grafmuvi.movie.title");
    Integer year = in.intAtLeast("grafmuvi.movie.year", 1);
    if (!SettingsReader.allRead(data, imdbId, title, year)) {
      return null;
    }
    if (DATASET.equals(data)
        && target != null
        && target.embedded()
        && api != null
        && !DATASET.equals(api.graph())) {
      in.require(
          "grafmuvi.data",
          false,
          "asks for the dataset's movies, but the embedded API serves grafmuvi.api.graph = "
              + api.graph()
              + "; add -Dgrafmuvi.api.graph=dataset");
      return null;
    }
    return new Movies(data, imdbId, title, year);
  }
}
