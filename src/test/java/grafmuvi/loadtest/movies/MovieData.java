package grafmuvi.loadtest.movies;

import static io.gatling.javaapi.core.CoreDsl.listFeeder;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.loadtest.settings.Movies;
import grafmuvi.loadtest.settings.Settings;
import io.gatling.javaapi.core.FeederBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The movies the requests ask about (grafmuvi.data): the seed's one movie, the embedded API's
 * dataset (a feeder file exported from the dataset graph), or a CSV file of the user's — read and
 * checked before any request, and fed to the users by Gatling's own feeder.
 */
public final class MovieData {

  /** Session keys a fed record sets. */
  public static final String IMDB_ID = "imdbId";

  public static final String ID_SEGMENT = "idSegment";
  public static final String TITLE_SEGMENT = "titleSegment";
  public static final String YEAR = "year";

  /**
   * The dataset graph's movies that have recommendations, exported by grafmuvi.api.FeederExport.
   */
  public static final String DATASET_FEEDER = "feeders/dataset-movies.csv";

  private static final List<String> COLUMNS = List.of("imdbId", "title", "year");

  private final List<Map<String, Object>> records;

  private MovieData(List<Map<String, Object>> records) {
    this.records = records;
  }

  /** Reads and checks grafmuvi.data; a bad file is refused like a bad setting. */
  public static MovieData of(Settings settings) {
    Movies m = settings.movies();
    String data = m.data();
    if (Movies.SEED.equals(data)) {
      return new MovieData(List.of(record(m.imdbId(), m.title(), String.valueOf(m.year()))));
    }
    try (Reader reader = Movies.DATASET.equals(data) ? datasetFeeder() : readableFile(data)) {
      return new MovieData(List.copyOf(read(reader, data)));
    } catch (IOException e) {
      throw refused(data, "cannot be read (" + e.getMessage() + ")");
    }
  }

  /** RFC 4180 CSV with a header row holding at least imdbId, title and year. */
  private static List<Map<String, Object>> read(Reader reader, String data) throws IOException {
    CsvMapper csv = new CsvMapper();
    List<Map<String, Object>> out = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        csv.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader().withStrictHeaders(false))
            .readValues(reader)) {
      List<String> header = new ArrayList<>();
      ((CsvSchema) rows.getParserSchema()).forEach(c -> header.add(c.getName()));
      if (!header.containsAll(COLUMNS)) {
        throw refused(data, header.isEmpty() ? "is empty" : "has the columns " + header);
      }
      while (rows.hasNextValue()) {
        int line = rows.getCurrentLocation().getLineNr();
        Map<String, String> row = rows.nextValue();
        if (COLUMNS.stream().anyMatch(c -> row.get(c) == null || row.get(c).isBlank())) {
          throw refused(data, "line " + line + " lacks one of " + COLUMNS + ": " + row);
        }
        out.add(record(row.get("imdbId"), row.get("title"), row.get("year")));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw refused(data, "is not valid CSV: " + e.getOriginalMessage());
    } catch (RuntimeJsonMappingException e) {
      throw refused(data, "is not valid CSV: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw refused(data, "has no records");
    }
    return out;
  }

  private static Reader datasetFeeder() {
    InputStream in = MovieData.class.getClassLoader().getResourceAsStream(DATASET_FEEDER);
    if (in == null) {
      throw new IllegalStateException(DATASET_FEEDER + " is missing from the class path");
    }
    return new java.io.InputStreamReader(in, StandardCharsets.UTF_8);
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

  public int size() {
    return records.size();
  }

  /** The records as the feeder hands them to users (session keys below). */
  public List<Map<String, Object>> records() {
    return records;
  }

  /** Gatling's feeder of these movies, a random one per feed. */
  public FeederBuilder<Object> feeder() {
    return listFeeder(records).random();
  }

  /**
   * Percent-encodes one path segment: a space becomes %20, a slash %2F, an accent its UTF-8 bytes.
   */
  public static String pathSegment(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, Object> record(String imdbId, String title, String year) {
    return Map.of(
        IMDB_ID,
        imdbId,
        ID_SEGMENT,
        pathSegment(imdbId),
        TITLE_SEGMENT,
        pathSegment(title),
        YEAR,
        pathSegment(year));
  }

  private static InvalidSettingsException refused(String data, String why) {
    return new InvalidSettingsException(
        List.of(
            "grafmuvi.data = \""
                + data
                + "\": "
                + why
                + "; must be seed, dataset or the path of a CSV file with the columns "
                + String.join(",", COLUMNS)));
  }
}
