package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed feeder equals what FeederExport writes, and the load test's CSV parser reads it
 * back.
 */
class FeederExportTest {

  static final Path COMMITTED = Path.of("src/test/resources/feeders/dataset-movies.csv");

  @Test
  void committedFeederEqualsTheRegeneratedOneByteForByte() throws Exception {
    byte[] committed = Files.readAllBytes(COMMITTED);
    byte[] regenerated = FeederExport.csv().getBytes(StandardCharsets.UTF_8);
    assertTrue(
        java.util.Arrays.equals(committed, regenerated),
        "src/test/resources/feeders/dataset-movies.csv is stale:"
            + " regenerate it with grafmuvi.api.FeederExport (see its javadoc)");
  }

  @Test
  void theLoadTestsCsvParserReadsEveryTitleBack() throws Exception {
    MovieGraph graph = MovieGraph.of(GraphFile.load(GraphFile.DATASET));
    String csv = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();
    // The parser the load test reads feeders with (MovieData: Jackson's RFC 4180 CSV).
    try (Reader in = new StringReader(csv);
        com.fasterxml.jackson.databind.MappingIterator<String[]> it =
            new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class)
                .readValues(in)) {
      it.forEachRemaining(rows::add);
    }
    assertEquals(List.of("imdbId", "title", "year"), List.of(rows.get(0)));
    assertEquals(
        graph.size() + 1, rows.size(), "every dataset movie has recommendations, Face/Off too");
    int withComma = 0;
    for (String[] row : rows.subList(1, rows.size())) {
      assertEquals(3, row.length, String.join("|", row));
      int i = graph.indexOfId(row[0]);
      assertTrue(i >= 0, row[0]);
      assertEquals(graph.movie(i).title(), row[1]);
      assertEquals(Integer.toString(graph.movie(i).year()), row[2]);
      withComma += row[1].contains(",") ? 1 : 0;
    }
    assertTrue(withComma > 10, "titles with commas survive quoting: " + withComma);
    assertTrue(csv.contains("tt0068646,The Godfather,1972\n"));
    assertTrue(csv.contains("\"Crouching Tiger, Hidden Dragon\""));
    assertTrue(csv.contains("vd1728,Face/Off,1997\n"));
  }

  @Test
  void rfc4180Quoting() {
    assertEquals("plain", FeederExport.field("plain"));
    assertEquals("\"a, b\"", FeederExport.field("a, b"));
    assertEquals("\"say \"\"hi\"\"\"", FeederExport.field("say \"hi\""));
    assertEquals("\"two\nlines\"", FeederExport.field("two\nlines"));
    assertEquals("\" padded \"", FeederExport.field(" padded "));
  }
}
