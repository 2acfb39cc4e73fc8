package grafmuvi.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph file (the project's format 1, docs in {@code docs/api-server.md}): the movies and SIMILAR
 * edges a GrafMuvi serves, in file order, validated. Every problem is reported at once (up to
 * {@value #MAX_PROBLEMS}) as {@code <file>:<line>: <reason>}.
 *
 * <pre>
 * movie	tt0068646	1972	The godfather	genre=Crime	director=Francis Ford Coppola
 * similar	tt0765429	tt0068646	100
 * </pre>
 */
public final class GraphFile {

  /** The built-in graph of the seed study's database (the default). */
  public static final String SEED = "seed";

  /** The built-in graph derived from vega-datasets. */
  public static final String DATASET = "dataset";

  /** The first line {@link #text()} writes. */
  static final String HEADER =
      "# GrafMuvi graph, format 1. UTF-8, one record per line, fields separated by one TAB.";

  static final int MAX_PROBLEMS = 100;
  static final int MAX_ID_LENGTH = 64;
  static final int MAX_YEAR = 9999;
  static final Set<String> ATTRIBUTES = Set.of("genre", "director", "creative-type");

  private static final String EXPECTED =
      "expected movie<TAB>id<TAB>year<TAB>title or similar<TAB>id<TAB>id<TAB>promotions";

  /** A movie line; attributes are null when absent. */
  public record MovieLine(
      int line,
      String imdbId,
      int released,
      String title,
      String genre,
      String director,
      String creativeType) {}

  /** A similar line: the edge exists in both directions with these promotions. */
  public record SimilarLine(int line, String from, String to, int promotions) {}

  private final String name;
  private final List<MovieLine> movies;
  private final List<SimilarLine> similar;

  GraphFile(String name, List<MovieLine> movies, List<SimilarLine> similar) {
    this.name = name;
    this.movies = List.copyOf(movies);
    this.similar = List.copyOf(similar);
  }

  /** The name errors are reported under: the resource name or the path as given. */
  public String name() {
    return name;
  }

  public List<MovieLine> movies() {
    return movies;
  }

  public List<SimilarLine> similar() {
    return similar;
  }

  /** Whether this names a built-in graph rather than a file. */
  public static boolean isBuiltIn(String graph) {
    return SEED.equals(graph) || DATASET.equals(graph);
  }

  /** The classpath resource of a built-in graph. */
  static String resource(String builtIn) {
    return "/grafmuvi/data/" + builtIn + ".graph";
  }

  /**
   * Reads {@code seed}, {@code dataset} or the path of a graph file.
   *
   * @throws GraphFileException naming the file, line and reason of every problem
   */
  public static GraphFile load(String graph) {
    if (isBuiltIn(graph)) {
      try (InputStream in = GraphFile.class.getResourceAsStream(resource(graph))) {
        if (in == null) {
          throw new IllegalStateException(
              "resource " + resource(graph) + " is missing from the class path");
        }
        return parse(graph + ".graph", in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read resource " + resource(graph) + ": " + e.getMessage(), e);
      }
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(graph));
    } catch (IOException | RuntimeException e) {
      throw new GraphFileException(
          List.of(
              graph
                  + ": cannot read the graph file ("
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage())
                  + "); must be seed, dataset or a graph file"));
    }
    return parse(graph, bytes);
  }

  /** Parses and validates a graph file's bytes; name is used in the messages. */
  static GraphFile parse(String name, byte[] bytes) {
    return new Parser(name).parse(bytes);
  }

  /** The file's text in format 1 (what {@link #parse} reads back to an equal graph). */
  String text() {
    StringBuilder out =
        new StringBuilder(64 * (movies.size() + similar.size())).append(HEADER).append('\n');
    for (MovieLine m : movies) {
      out.append("movie\t")
          .append(m.imdbId())
          .append('\t')
          .append(m.released())
          .append('\t')
          .append(m.title());
      attribute(out, "genre", m.genre());
      attribute(out, "director", m.director());
      attribute(out, "creative-type", m.creativeType());
      out.append('\n');
    }
    for (SimilarLine s : similar) {
      out.append("similar\t")
          .append(s.from())
          .append('\t')
          .append(s.to())
          .append('\t')
          .append(s.promotions())
          .append('\n');
    }
    return out.toString();
  }

  private static void attribute(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append('\t').append(key).append('=').append(value);
    }
  }

  /** Whether a movie id can be a URL path segment of /api/id/{imdbId}. */
  static boolean validId(String id) {
    return !id.isEmpty()
        && id.length() <= MAX_ID_LENGTH
        && id.chars()
            .noneMatch(
                c ->
                    Character.isWhitespace(c)
                        || Character.isISOControl(c)
                        || Character.isSpaceChar(c)
                        || "/%?#".indexOf(c) >= 0);
  }

  /** Whether text holds a control character (TAB included). */
  static boolean hasControl(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  /** Collects problems by line, then sorts them: one pass over the lines, one over the edges. */
  private static final class Parser {

    private record Problem(int line, String text) {}

    private final String name;
    private final List<Problem> problems = new ArrayList<>();
    private final List<MovieLine> movies = new ArrayList<>();
    private final List<SimilarLine> similar = new ArrayList<>();
    private final Map<String, Integer> idLines = new HashMap<>();
    private final Map<String, Integer> titleLines = new HashMap<>();

    Parser(String name) {
      this.name = name;
    }

    GraphFile parse(byte[] bytes) {
      CharsetDecoder utf8 =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      int start = 0;
      int lineNumber = 0;
      while (start < bytes.length) {
        int end = start;
        while (end < bytes.length && bytes[end] != '\n') {
          end++;
        }
        lineNumber++;
        int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
        try {
          String line = utf8.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
          if (lineNumber == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
          }
          record(lineNumber, line);
        } catch (CharacterCodingException e) {
          problem(lineNumber, "not valid UTF-8");
        }
        start = end + 1;
      }
      List<SimilarLine> edges = checkEdges();
      if (!problems.isEmpty()) {
        throw new GraphFileException(report());
      }
      return new GraphFile(name, movies, edges);
    }

    private void record(int line, String text) {
      if (text.isBlank() || text.startsWith("#")) {
        return;
      }
      String[] fields = text.split("\t", -1);
      switch (fields[0]) {
        case "movie" -> movie(line, fields);
        case "similar" -> similar(line, fields);
        default ->
            problem(
                line,
                "malformed line: "
                    + EXPECTED
                    + ", got a line starting with \""
                    + shown(fields[0])
                    + '"');
      }
    }

    private void movie(int line, String[] fields) {
      if (fields.length < 4) {
        problem(line, "malformed line: " + EXPECTED + ", got " + fields.length + " fields");
        return;
      }
      int before = problems.size();
      String id = fields[1];
      if (!validId(id)) {
        problem(
            line,
            "movie id must be 1 to "
                + MAX_ID_LENGTH
                + " characters without whitespace, control characters,"
                + " '/', '%', '?' or '#', got \""
                + shown(id)
                + '"');
      } else if (idLines.containsKey(id)) {
        problem(line, "duplicate movie id " + id + " (first at line " + idLines.get(id) + ")");
      } else {
        idLines.put(id, line);
      }
      Integer released = year(fields[2]);
      if (released == null) {
        problem(
            line, "released must be a year from 0 to " + MAX_YEAR + ", got " + shown(fields[2]));
      }
      String title = fields[3];
      if (title.isEmpty()) {
        problem(line, "title must not be empty");
      } else if (hasControl(title)) {
        problem(line, "title must not hold control characters, got \"" + shown(title) + '"');
      } else if (released != null) {
        String key = title + '\t' + released;
        Integer first = titleLines.putIfAbsent(key, line);
        if (first != null) {
          problem(
              line,
              "duplicate title and year \""
                  + title
                  + "\" "
                  + released
                  + " (first at line "
                  + first
                  + "): /api/title could not tell the two apart");
        }
      }
      Map<String, String> attributes = new HashMap<>();
      for (int i = 4; i < fields.length; i++) {
        attribute(line, fields[i], attributes);
      }
      if (problems.size() == before) {
        movies.add(
            new MovieLine(
                line,
                id,
                released,
                title,
                attributes.get("genre"),
                attributes.get("director"),
                attributes.get("creative-type")));
      }
    }

    private void attribute(int line, String field, Map<String, String> attributes) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        problem(
            line,
            "attribute must be key=value with a key of "
                + String.join(", ", new java.util.TreeSet<>(ATTRIBUTES))
                + ", got \""
                + shown(field)
                + '"');
        return;
      }
      String key = field.substring(0, eq);
      String value = field.substring(eq + 1);
      if (!ATTRIBUTES.contains(key)) {
        problem(
            line,
            "unknown attribute \""
                + shown(key)
                + "\" (allowed: "
                + String.join(", ", new java.util.TreeSet<>(ATTRIBUTES))
                + ")");
      } else if (value.isEmpty() || hasControl(value)) {
        problem(
            line,
            "attribute "
                + key
                + " must have a value without control characters, got \""
                + shown(value)
                + '"');
      } else if (attributes.putIfAbsent(key, value) != null) {
        problem(line, "duplicate attribute " + key);
      }
    }

    private void similar(int line, String[] fields) {
      if (fields.length != 4) {
        problem(
            line,
            "malformed line: expected similar<TAB>id<TAB>id<TAB>promotions, got "
                + fields.length
                + " fields");
        return;
      }
      Integer promotions = promotions(fields[3]);
      if (promotions == null) {
        problem(line, "promotions must be a 32-bit integer, got " + shown(fields[3]));
        return;
      }
      similar.add(new SimilarLine(line, fields[1], fields[2], promotions));
    }

    /**
     * Edges may name movies declared further down, so they are checked once every movie is known.
     */
    private List<SimilarLine> checkEdges() {
      List<SimilarLine> valid = new ArrayList<>(similar.size());
      Map<String, Integer> pairs = new HashMap<>();
      for (SimilarLine s : similar) {
        boolean ok = true;
        for (String id : s.from().equals(s.to()) ? List.of(s.from()) : List.of(s.from(), s.to())) {
          if (!idLines.containsKey(id)) {
            problem(s.line(), "similar names unknown movie " + shown(id));
            ok = false;
          }
        }
        if (ok && s.from().equals(s.to())) {
          problem(s.line(), "similar links movie " + s.from() + " to itself");
          ok = false;
        }
        if (ok) {
          String pair =
              s.from().compareTo(s.to()) < 0 ? s.from() + '\t' + s.to() : s.to() + '\t' + s.from();
          Integer first = pairs.putIfAbsent(pair, s.line());
          if (first != null) {
            problem(
                s.line(),
                "duplicate similar "
                    + s.from()
                    + " "
                    + s.to()
                    + " (first at line "
                    + first
                    + "): one line per pair, the edge exists in both directions");
            ok = false;
          }
        }
        if (ok) {
          valid.add(s);
        }
      }
      return valid;
    }

    private static Integer year(String text) {
      if (!text.matches("-?[0-9]{1,9}")) {
        return null;
      }
      int year = Integer.parseInt(text);
      return year >= 0 && year <= MAX_YEAR ? year : null;
    }

    private static Integer promotions(String text) {
      if (!text.matches("-?[0-9]{1,10}")) {
        return null;
      }
      long value = Long.parseLong(text);
      return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (int) value : null;
    }

    private void problem(int line, String text) {
      problems.add(new Problem(line, text));
    }

    private List<String> report() {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparingInt(Problem::line));
      List<String> out = new ArrayList<>();
      for (Problem p : sorted.subList(0, Math.min(MAX_PROBLEMS, sorted.size()))) {
        out.add(name + ":" + p.line() + ": " + p.text());
      }
      if (sorted.size() > MAX_PROBLEMS) {
        out.add(name + ": " + (sorted.size() - MAX_PROBLEMS) + " more problems not shown");
      }
      return out;
    }

    /** A field as shown in a message: control characters escaped, cut at 80 characters. */
    private static String shown(String field) {
      StringBuilder out = new StringBuilder();
      for (char c : field.toCharArray()) {
        if (out.length() >= 80) {
          return out.append("…").toString();
        }
        if (Character.isISOControl(c)) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
