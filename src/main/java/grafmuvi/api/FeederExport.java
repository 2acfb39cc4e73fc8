package grafmuvi.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the data-set feeder of the load test: {@code imdbId,title,year} (UTF-8, header line,
 * {@code \n} line ends, RFC 4180 quoting), one line per movie of the built-in {@code dataset} graph
 * that has recommendations, in graph order. Every title can be addressed by {@code
 * /api/title/{title}/{year}} once percent-encoded ({@code Face%2FOff} too, as in Express).
 *
 * <pre>
 * java -cp grafmuvi-api.jar grafmuvi.api.FeederExport src/test/resources/feeders/dataset-movies.csv
 * </pre>
 */
public final class FeederExport {

  private FeederExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: FeederExport OUTPUT.csv");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, csv(), StandardCharsets.UTF_8);
  }

  /**
   * The feeder CSV of the dataset graph (ranked by movies, as the server ranks it), as written by
   * {@link #main}.
   */
  public static String csv() {
    ApiSettings settings = ApiSettings.load();
    return csv(
        new Recommendations(
            MovieGraph.of(GraphFile.load(GraphFile.DATASET)),
            settings.maxDepth(),
            settings.maxResults()));
  }

  static String csv(Recommendations recommendations) {
    StringBuilder out = new StringBuilder(160_000).append("imdbId,title,year\n");
    for (Movie m : recommendations.graph().movies()) {
      if (recommendations.hasRecommendations(m.index())) {
        out.append(field(m.imdbId()))
            .append(',')
            .append(field(m.title()))
            .append(',')
            .append(m.year())
            .append('\n');
      }
    }
    return out.toString();
  }

  /**
   * RFC 4180: a field holding a comma, quote, CR or LF (or edge spaces) is quoted, quotes doubled.
   */
  static String field(String value) {
    boolean quote =
        value.isEmpty()
            || value.strip().length() != value.length()
            || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
