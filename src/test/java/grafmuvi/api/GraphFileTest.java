package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Graph files: one real file per kind of error, each refused with the exact file:line: reason. */
class GraphFileTest {

  private static final String GODFATHER = "movie\ttt0068646\t1972\tThe godfather\n";
  private static final String GANGSTER = "movie\ttt0765429\t2007\tAmerican gangster\n";

  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private List<String> problems(Path file) {
    return assertThrows(GraphFileException.class, () -> GraphFile.load(file.toString())).problems();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "duplicate id|movie\\ttt1\\t1972\\tA\\n"
            + "# c\\n"
            + "movie\\ttt1\\t1973\\tB\\n"
            + "|3|duplicate movie id tt1 (first at line 1)",
        "unknown movie|movie\\ttt1\\t1972\\tA\\n"
            + "similar\\ttt1\\ttt9999999\\t5\\n"
            + "|2|similar names unknown movie tt9999999",
        "negative year|movie\\ttt1\\t-5\\tA\\n|1|released must be a year from 0 to 9999, got -5",
        "year too big|movie\\ttt1\\t10000\\tA\\n"
            + "|1|released must be a year from 0 to 9999, got 10000",
        "year not a number|movie\\ttt1\\t1972.0\\tA\\n"
            + "|1|released must be a year from 0 to 9999, got 1972.0",
        "three fields|movie\\ttt1\\t1972\\n"
            + "|1|malformed line: expected movie<TAB>id<TAB>year<TAB>title or"
            + " similar<TAB>id<TAB>id<TAB>promotions, got 3 fields",
        "unknown record|moive\\ttt1\\t1972\\tA\\n"
            + "|1|malformed line: expected movie<TAB>id<TAB>year<TAB>title or"
            + " similar<TAB>id<TAB>id<TAB>promotions, got a line starting with \"moive\"",
        "spaces not tabs|movie tt1 1972 A\\n"
            + "|1|malformed line: expected movie<TAB>id<TAB>year<TAB>title or"
            + " similar<TAB>id<TAB>id<TAB>promotions, got a line starting with \"movie tt1 1972"
            + " A\"",
        "unknown attribute|movie\\ttt1\\t1972\\tA\\tgenr=Crime\\n"
            + "|1|unknown attribute \"genr\" (allowed: creative-type, director, genre)",
        "attribute without key|movie\\ttt1\\t1972\\tA\\tCrime\\n"
            + "|1|attribute must be key=value with a key of creative-type, director, genre, got"
            + " \"Crime\"",
        "attribute twice|movie\\ttt1\\t1972\\tA\\tgenre=Crime\\tgenre=Drama\\n"
            + "|1|duplicate attribute genre",
        "empty attribute|movie\\ttt1\\t1972\\tA\\tgenre=\\n"
            + "|1|attribute genre must have a value without control characters, got \"\"",
        "duplicate pair|movie\\ttt1\\t1972\\tA\\n"
            + "movie\\ttt2\\t1973\\tB\\n"
            + "similar\\ttt1\\ttt2\\t5\\n"
            + "similar\\ttt2\\ttt1\\t6\\n"
            + "|4|duplicate similar tt2 tt1 (first at line 3): one line per pair, the edge exists"
            + " in both directions",
        "self edge|movie\\ttt1\\t1972\\tA\\n"
            + "similar\\ttt1\\ttt1\\t5\\n"
            + "|2|similar links movie tt1 to itself",
        "bad promotions|movie\\ttt1\\t1972\\tA\\n"
            + "movie\\ttt2\\t1973\\tB\\n"
            + "similar\\ttt1\\ttt2\\tmany\\n"
            + "|3|promotions must be a 32-bit integer, got many",
        "promotions beyond 32 bits|movie\\ttt1\\t1972\\tA\\n"
            + "movie\\ttt2\\t1973\\tB\\n"
            + "similar\\ttt1\\ttt2\\t2147483648\\n"
            + "|3|promotions must be a 32-bit integer, got 2147483648",
        "similar with 5 fields|movie\\ttt1\\t1972\\tA\\n"
            + "movie\\ttt2\\t1973\\tB\\n"
            + "similar\\ttt1\\ttt2\\t5\\tx\\n"
            + "|3|malformed line: expected similar<TAB>id<TAB>id<TAB>promotions, got 5 fields",
        "id with a slash|movie\\ttt/1\\t1972\\tA\\n"
            + "|1|movie id must be 1 to 64 characters without whitespace, control characters, '/',"
            + " '%', '?' or '#', got \"tt/1\"",
        "empty id|movie\\t\\t1972\\tA\\n"
            + "|1|movie id must be 1 to 64 characters without whitespace, control characters, '/',"
            + " '%', '?' or '#', got \"\"",
        "empty title|movie\\ttt1\\t1972\\t\\n|1|title must not be empty",
        "title with a control character|movie\\ttt1\\t1972\\tA\\u0001B\\n"
            + "|1|title must not hold control characters, got \"A\\u0001B\"",
        "same title and year|movie\\ttt1\\t1972\\tA\\n"
            + "movie\\ttt2\\t1972\\tA\\n"
            + "|2|duplicate title and year \"A\" 1972 (first at line 1): /api/title could not tell"
            + " the two apart",
      })
  void eachErrorIsRefusedWithFileLineAndReason(String kind, String text, int line, String reason)
      throws Exception {
    Path f = file(kind.replace(' ', '-') + ".graph", unescape(text));
    assertEquals(List.of(f + ":" + line + ": " + reason), problems(f));
  }

  /** CSV cells hold \t, \n and \\uXXXX escapes. */
  private static String unescape(String text) {
    return text.replace("\\t", "\t").replace("\\n", "\n").replace("\\u0001", "\u0001");
  }

  @Test
  void invalidUtf8IsNamedByLine() throws Exception {
    Path f = dir.resolve("latin1.graph");
    Files.write(
        f,
        new byte[] {
          '#', '\n', 'm', 'o', 'v', 'i', 'e', '\t', 'a', '\t', '1', '\t', (byte) 0xE9, '\n'
        });
    assertEquals(List.of(f + ":2: not valid UTF-8"), problems(f));
  }

  @Test
  void everyProblemIsReportedAtOnceInLineOrder() throws Exception {
    Path f =
        file(
            "many.graph",
            "similar\ttt1\ttt9\t5\n"
                + "movie\ttt1\t-1\tA\n"
                + GODFATHER
                + "movie\ttt0068646\t1973\tB\n"
                + "oops\n");
    assertEquals(
        List.of(
            f + ":1: similar names unknown movie tt9",
            f + ":2: released must be a year from 0 to 9999, got -1",
            f + ":4: duplicate movie id tt0068646 (first at line 3)",
            f
                + ":5: malformed line: expected movie<TAB>id<TAB>year<TAB>title or"
                + " similar<TAB>id<TAB>id<TAB>promotions, got a line starting with \"oops\""),
        problems(f));
  }

  @Test
  void problemsAreCappedWithACount() throws Exception {
    Path f = file("noise.graph", "noise\n".repeat(GraphFile.MAX_PROBLEMS + 37));
    List<String> problems = problems(f);
    assertEquals(GraphFile.MAX_PROBLEMS + 1, problems.size());
    assertEquals(f + ": 37 more problems not shown", problems.get(GraphFile.MAX_PROBLEMS));
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = dir.resolve("nowhere.graph");
    List<String> problems = problems(f);
    assertEquals(1, problems.size());
    assertTrue(
        problems.get(0).startsWith(f + ": cannot read the graph file (NoSuchFileException"),
        problems.get(0));
  }

  @Test
  void edgesMayComeBeforeTheirMoviesAndOrderIsKept() throws Exception {
    Path f =
        file(
            "ok.graph",
            "# a comment\n\nsimilar\ttt0765429\ttt0068646\t-3\r\n"
                + GODFATHER
                + "movie\ttt0765429\t2007\tAmerican gangster\tgenre=Crime\tdirector=Ridley Scott"
                + "\tcreative-type=Dramatization\n");
    GraphFile g = GraphFile.load(f.toString());
    assertEquals(
        List.of("tt0068646", "tt0765429"),
        g.movies().stream().map(GraphFile.MovieLine::imdbId).toList());
    assertEquals(
        new GraphFile.MovieLine(
            5, "tt0765429", 2007, "American gangster", "Crime", "Ridley Scott", "Dramatization"),
        g.movies().get(1));
    assertEquals(List.of(new GraphFile.SimilarLine(3, "tt0765429", "tt0068646", -3)), g.similar());
    assertEquals(
        g.movies(),
        GraphFile.parse("again", g.text().getBytes(StandardCharsets.UTF_8)).movies().stream()
            .map(
                m ->
                    new GraphFile.MovieLine(
                        m.line() + 2,
                        m.imdbId(),
                        m.released(),
                        m.title(),
                        m.genre(),
                        m.director(),
                        m.creativeType()))
            .toList(),
        "text() reads back (one header line instead of three)");
  }

  @Test
  void builtInGraphsAreValid() {
    GraphFile seed = GraphFile.load(GraphFile.SEED);
    assertEquals(
        List.of("The godfather", "American gangster", "Training day", "Black mass"),
        seed.movies().stream().map(GraphFile.MovieLine::title).toList());
    assertEquals(
        List.of(
            new GraphFile.SimilarLine(9, "tt0765429", "tt0068646", 100),
            new GraphFile.SimilarLine(10, "tt0765429", "tt0139654", 50),
            new GraphFile.SimilarLine(11, "tt0068646", "tt1355683", 100)),
        seed.similar());
    assertEquals(3201, GraphFile.load(GraphFile.DATASET).movies().size());
  }

  @Test
  void graphExportPrintsTheSeedAsJsonInFileOrder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        GraphExport.run(
            new String[] {"seed"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertEquals(
        "{\"movies\":[{\"imdbId\":\"tt0068646\",\"title\":\"The godfather\",\"released\":1972},"
            + "{\"imdbId\":\"tt0765429\",\"title\":\"American gangster\",\"released\":2007},"
            + "{\"imdbId\":\"tt0139654\",\"title\":\"Training day\",\"released\":2001},"
            + "{\"imdbId\":\"tt1355683\",\"title\":\"Black mass\",\"released\":2015}],"
            + "\"similar\":[{\"from\":\"tt0765429\",\"to\":\"tt0068646\",\"promotions\":100},"
            + "{\"from\":\"tt0765429\",\"to\":\"tt0139654\",\"promotions\":50},"
            + "{\"from\":\"tt0068646\",\"to\":\"tt1355683\",\"promotions\":100}]}\n",
        out.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void graphExportRefusesAnInvalidGraphWithStatus1() throws Exception {
    Path f = file("bad.graph", GODFATHER + "similar\ttt0068646\ttt9999999\t1\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        GraphExport.run(
            new String[] {f.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(
        f + ":2: similar names unknown movie tt9999999" + System.lineSeparator(),
        err.toString(StandardCharsets.UTF_8));
    assertEquals(2, GraphExport.run(new String[0], new PrintStream(out), new PrintStream(err)));
  }

  @Test
  void exportedJsonEscapesTitles() throws Exception {
    Path f =
        file(
            "quotes.graph",
            "movie\tq1\t2000\tSay \"hi\" \\ Amélie\n" + GANGSTER + "similar\tq1\ttt0765429\t0\n");
    assertEquals(
        "{\"movies\":[{\"imdbId\":\"q1\",\"title\":\"Say \\\"hi\\\" \\\\"
            + " Amélie\",\"released\":2000},{\"imdbId\":\"tt0765429\",\"title\":\"American"
            + " gangster\",\"released\":2007}],"
            + "\"similar\":[{\"from\":\"q1\",\"to\":\"tt0765429\",\"promotions\":0}]}",
        GraphExport.json(GraphFile.load(f.toString())));
  }
}
