package grafmuvi.loadtest;

import static io.gatling.javaapi.core.CoreDsl.csv;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The movies the requests ask about (grafmuvi.data): the seed's one movie, the embedded API's
 * dataset (a feeder file exported from the same source), or a CSV file of the user's.
 */
final class MovieData {

  /** Session keys a fed record sets. */
  static final String IMDB_ID = "imdbId";
  static final String ID_SEGMENT = "idSegment";
  static final String TITLE_SEGMENT = "titleSegment";
  static final String YEAR = "year";
  static final String OTHER_IMDB_ID = "otherImdbId";

  /** The embedded API's movies that have recommendations, exported by grafmuvi.api.FeederExport. */
  static final String DATASET_FEEDER = "feeders/dataset-movies.csv";

  private static final List<String> COLUMNS = List.of("imdbId", "title", "year");

  private final List<Map<String, Object>> records;

  private MovieData(List<Map<String, Object>> records) {
    this.records = records;
  }

  /** Reads and checks grafmuvi.data before any request; a bad file is refused like a bad setting. */
  static MovieData of(Settings settings) {
    String data = settings.data();
    if ("seed".equals(data)) {
      Settings.Movie m = settings.movie();
      return new MovieData(List.of(record(m.imdbId(), m.title(), String.valueOf(m.year()))));
    }
    String source = "dataset".equals(data) ? DATASET_FEEDER : readableFile(data);
    List<Map<String, Object>> raw = csv(source).readRecords();
    if (raw.isEmpty() || !raw.get(0).keySet().containsAll(COLUMNS)) {
      throw refused(data, raw.isEmpty() ? "has no records" : "has the columns " + raw.get(0).keySet());
    }
    List<Map<String, Object>> out = new ArrayList<>(raw.size());
    for (Map<String, Object> r : raw) {
      out.add(record(String.valueOf(r.get("imdbId")), String.valueOf(r.get("title")), String.valueOf(r.get("year"))));
    }
    return new MovieData(List.copyOf(out));
  }

  int size() {
    return records.size();
  }

  /** A random movie per call, for the id and title requests. */
  Iterator<Map<String, Object>> randomMovies() {
    return Stream.generate(this::pick).iterator();
  }

  /** A random pair of movies per call, for promotions. */
  Iterator<Map<String, Object>> randomPairs() {
    return Stream.generate(() -> Map.<String, Object>of(
        IMDB_ID, pick().get(IMDB_ID), OTHER_IMDB_ID, pick().get(IMDB_ID))).iterator();
  }

  /** Percent-encodes one path segment: a space becomes %20, a slash %2F, an accent its UTF-8 bytes. */
  static String pathSegment(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Map<String, Object> pick() {
    return records.get(ThreadLocalRandom.current().nextInt(records.size()));
  }

  private static Map<String, Object> record(String imdbId, String title, String year) {
    return Map.of(IMDB_ID, imdbId, ID_SEGMENT, pathSegment(imdbId), TITLE_SEGMENT, pathSegment(title), YEAR, pathSegment(year));
  }

  private static String readableFile(String data) {
    Path path = Path.of(data);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw refused(data, "is not a readable file");
    }
    return path.toAbsolutePath().toString();
  }

  private static InvalidSettingsException refused(String data, String why) {
    return new InvalidSettingsException(List.of("grafmuvi.data = \"" + data + "\": " + why
        + "; must be seed, dataset or the path of a CSV file with the columns " + String.join(",", COLUMNS)));
  }
}
