package grafmuvi.loadtest;

import grafmuvi.config.InvalidSettingsException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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
import org.simpleflatmapper.lightningcsv.CsvParser;

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
    List<String[]> rows = "dataset".equals(data) ? parse(datasetFeeder(), data) : parse(readableFile(data), data);
    List<String> header = rows.isEmpty() ? List.of() : List.of(rows.get(0));
    if (!header.containsAll(COLUMNS)) {
      throw refused(data, rows.isEmpty() ? "is empty" : "has the columns " + header);
    }
    if (rows.size() < 2) {
      throw refused(data, "has no records");
    }
    int id = header.indexOf("imdbId");
    int title = header.indexOf("title");
    int year = header.indexOf("year");
    List<Map<String, Object>> out = new ArrayList<>(rows.size() - 1);
    for (String[] row : rows.subList(1, rows.size())) {
      if (row.length < header.size()) {
        throw refused(data, "has a record with " + row.length + " fields instead of " + header.size()
            + ": " + String.join(",", row));
      }
      out.add(record(row[id], row[title], row[year]));
    }
    return new MovieData(List.copyOf(out));
  }

  /** Parses CSV as Gatling's csv() feeder does (its own parser: separator ',', quote '"'). */
  private static List<String[]> parse(Reader reader, String data) {
    List<String[]> rows = new ArrayList<>();
    try (reader) {
      CsvParser.separator(',').quote('"').iterator(reader).forEachRemaining(rows::add);
    } catch (IOException | RuntimeException e) {
      throw refused(data, "cannot be read as CSV (" + e.getMessage() + ")");
    }
    return rows;
  }

  private static Reader datasetFeeder() {
    InputStream in = MovieData.class.getClassLoader().getResourceAsStream(DATASET_FEEDER);
    if (in == null) {
      throw new IllegalStateException(DATASET_FEEDER + " is missing from the test class path");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
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

  private static Reader readableFile(String data) {
    Path path = Path.of(data);
    try {
      if (Files.isRegularFile(path)) {
        return Files.newBufferedReader(path, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      // refused below
    }
    throw refused(data, "is not a readable file");
  }

  private static InvalidSettingsException refused(String data, String why) {
    return new InvalidSettingsException(List.of("grafmuvi.data = \"" + data + "\": " + why
        + "; must be seed, dataset or the path of a CSV file with the columns " + String.join(",", COLUMNS)));
  }
}
