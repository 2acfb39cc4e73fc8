package grafmuvi.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Derives the built-in {@code dataset} graph from two resources in {@code grafmuvi/data/}: {@code
 * vega-movies.json} (vega-datasets 3.2.1, shipped verbatim) and {@code seed-movies.json}, and
 * writes it as the graph file {@code dataset.graph}, which the server loads (it never derives at
 * start-up). PROVENANCE.md beside the data describes the rule:
 *
 * <ul>
 *   <li>Movies: every vega entry with a title and a parsable release date, in file order, gets the
 *       id {@code vd} + its zero-padded index in vega's file ({@code vd0000}…{@code vd3200}). A
 *       seed movie whose (lower-case title, year) matches a vega entry takes that entry over with
 *       its real IMDb id (and its genre/director where vega has none); other seed movies are
 *       appended.
 *   <li>Edges: for movies a and b, {@code score = 3·[same director] + 2·[same major genre] +
 *       1·[same creative type] + 1·[release years at most 2 apart]}. Each movie (in order) picks
 *       the {@value #SIMILAR_PER_MOVIE} others with the highest score, then the closest release
 *       date, then the lowest index; the edges are the union of these picks, written in the order
 *       first picked. Promotions: {@code max(1, 10·score + round(mean IMDb rating) + floor(log10(1
 *       + fewer IMDb votes)))}, an unknown rating counting as 5.
 *   <li>Then the seed promotions replace the derived ones between the seed movies (a missing edge
 *       is appended).
 * </ul>
 *
 * <pre>
 * java -cp grafmuvi-api.jar grafmuvi.api.DatasetDerivation src/main/resources/grafmuvi/data/dataset.graph
 * </pre>
 */
public final class DatasetDerivation {

  /** How many most-similar movies each movie links to. */
  static final int SIMILAR_PER_MOVIE = 5;

  static final String VEGA_RESOURCE = "/grafmuvi/data/vega-movies.json";
  static final String SEED_RESOURCE = "/grafmuvi/data/seed-movies.json";

  /** Where the derived graph is committed (relative to the project directory). */
  static final Path COMMITTED = Path.of("src/main/resources/grafmuvi/data/dataset.graph");

  private static final DateTimeFormatter RELEASE_DATE =
      DateTimeFormatter.ofPattern("MMM dd yyyy", Locale.ENGLISH);
  private static final double UNKNOWN_RATING = 5.0;

  /** A vega movie with what the derivation reads. */
  private record Film(
      String imdbId,
      String title,
      int year,
      long releaseEpochDay,
      String genre,
      String creativeType,
      String director,
      double imdbRating,
      long imdbVotes) {}

  private DatasetDerivation() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: DatasetDerivation OUTPUT.graph");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, text(), StandardCharsets.UTF_8);
  }

  /** The dataset graph file's text, as {@link #main} writes it. */
  static String text() {
    String body = derive().text();
    int afterHeader = body.indexOf('\n') + 1;
    return body.substring(0, afterHeader)
        + "# The built-in dataset graph, derived from vega-movies.json and seed-movies.json by\n"
        + "# grafmuvi.api.DatasetDerivation (see PROVENANCE.md). Do not edit: regenerate.\n"
        + body.substring(afterHeader);
  }

  /** The derived graph. */
  static GraphFile derive() {
    ObjectMapper json = new ObjectMapper();
    JsonNode vega = readResource(json, VEGA_RESOURCE);
    JsonNode seed = readResource(json, SEED_RESOURCE);
    List<Film> films = vegaFilms(vega);
    Map<String, Integer> seedIds = mergeSeedFilms(films, seed.path("movies"));
    Map<Long, Integer> edges = deriveEdges(films);
    applySeedPromotions(films.size(), edges, seed.path("promotions"), seedIds);
    List<GraphFile.MovieLine> movies = new ArrayList<>(films.size());
    for (Film f : films) {
      movies.add(
          new GraphFile.MovieLine(
              0, f.imdbId(), f.year(), f.title(), f.genre(), f.director(), f.creativeType()));
    }
    List<GraphFile.SimilarLine> similar = new ArrayList<>(edges.size());
    edges.forEach(
        (pair, promotions) ->
            similar.add(
                new GraphFile.SimilarLine(
                    0,
                    films.get((int) (pair / films.size())).imdbId(),
                    films.get((int) (pair % films.size())).imdbId(),
                    promotions)));
    return new GraphFile("dataset.graph", movies, similar);
  }

  private static JsonNode readResource(ObjectMapper json, String name) {
    try (InputStream in = DatasetDerivation.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the class path");
      }
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name + ": " + e.getMessage(), e);
    }
  }

  private static List<Film> vegaFilms(JsonNode vega) {
    if (!vega.isArray()) {
      throw new IllegalStateException(VEGA_RESOURCE + " is not a JSON array");
    }
    List<Film> films = new ArrayList<>(vega.size() + 8);
    for (int i = 0; i < vega.size(); i++) {
      JsonNode entry = vega.get(i);
      String title = text(entry, "Title");
      LocalDate released = date(text(entry, "Release Date"));
      if (title == null || title.isBlank() || released == null) {
        continue;
      }
      JsonNode rating = entry.path("IMDB Rating");
      JsonNode votes = entry.path("IMDB Votes");
      films.add(
          new Film(
              String.format(Locale.ROOT, "vd%04d", i),
              title,
              released.getYear(),
              released.toEpochDay(),
              text(entry, "Major Genre"),
              text(entry, "Creative Type"),
              text(entry, "Director"),
              rating.isNumber() ? rating.asDouble() : Double.NaN,
              votes.isNumber() ? votes.asLong() : 0));
    }
    return films;
  }

  /** The derivation's own matching of seed movies to vega entries: lower-case title and year. */
  private static String key(String title, int year) {
    return title.toLowerCase(Locale.ROOT) + '\u0000' + year;
  }

  /** Puts the seed movies into the list; returns seed id → index. */
  private static Map<String, Integer> mergeSeedFilms(List<Film> films, JsonNode seeds) {
    Map<String, Integer> byKey = new HashMap<>();
    for (int i = 0; i < films.size(); i++) {
      byKey.putIfAbsent(key(films.get(i).title(), films.get(i).year()), i);
    }
    Map<String, Integer> seedIds = new HashMap<>();
    for (JsonNode s : seeds) {
      String id = Objects.requireNonNull(text(s, "imdbId"), "seed movie without imdbId");
      String title = Objects.requireNonNull(text(s, "title"), "seed movie without title");
      int year = s.path("year").asInt();
      Integer existing = byKey.get(key(title, year));
      int index;
      if (existing != null) {
        Film v = films.get(existing);
        films.set(
            existing,
            new Film(
                id,
                v.title(),
                v.year(),
                v.releaseEpochDay(),
                v.genre() != null ? v.genre() : text(s, "genre"),
                v.creativeType() != null ? v.creativeType() : text(s, "creativeType"),
                v.director() != null ? v.director() : text(s, "director"),
                v.imdbRating(),
                v.imdbVotes()));
        index = existing;
      } else {
        LocalDate released = date(text(s, "releaseDate"));
        long day = released != null ? released.toEpochDay() : LocalDate.of(year, 7, 1).toEpochDay();
        films.add(
            new Film(
                id,
                title,
                year,
                day,
                text(s, "genre"),
                text(s, "creativeType"),
                text(s, "director"),
                Double.NaN,
                0));
        index = films.size() - 1;
        byKey.putIfAbsent(key(title, year), index);
      }
      seedIds.put(id, index);
    }
    return seedIds;
  }

  private static void applySeedPromotions(
      int n, Map<Long, Integer> edges, JsonNode promotions, Map<String, Integer> seedIds) {
    for (JsonNode p : promotions) {
      Integer a = seedIds.get(text(p, "id1"));
      Integer b = seedIds.get(text(p, "id2"));
      if (a == null || b == null) {
        throw new IllegalStateException(
            SEED_RESOURCE + ": promotion between unknown seed movies: " + p);
      }
      int value = p.path("promotions").asInt();
      long ab = (long) a * n + b;
      long ba = (long) b * n + a;
      if (edges.containsKey(ba)) {
        edges.put(ba, value);
      } else {
        edges.put(ab, value);
      }
    }
  }

  /**
   * The derivation rule of the class comment, over primitive arrays (10M pairs): edge a–b keyed
   * {@code a·n + b} with a the movie that picked it first, in the order picked.
   */
  private static Map<Long, Integer> deriveEdges(List<Film> films) {
    int n = films.size();
    if (n > 0xFFFF) {
      throw new IllegalStateException(
          "the derivation packs movie indexes in 16 bits; " + n + " movies is too many");
    }
    int[] director = codes(films, Film::director);
    int[] genre = codes(films, Film::genre);
    int[] type = codes(films, Film::creativeType);
    int[] year = new int[n];
    long[] day = new long[n];
    for (int i = 0; i < n; i++) {
      year[i] = films.get(i).year();
      day[i] = films.get(i).releaseEpochDay();
    }
    Map<Long, Integer> edges = new LinkedHashMap<>();
    long[] best = new long[SIMILAR_PER_MOVIE];
    for (int a = 0; a < n; a++) {
      Arrays.fill(best, Long.MIN_VALUE);
      for (int b = 0; b < n; b++) {
        if (b == a) {
          continue;
        }
        int score =
            (director[a] >= 0 && director[a] == director[b] ? 3 : 0)
                + (genre[a] >= 0 && genre[a] == genre[b] ? 2 : 0)
                + (type[a] >= 0 && type[a] == type[b] ? 1 : 0)
                + (Math.abs(year[a] - year[b]) <= 2 ? 1 : 0);
        long gap = Math.min(Math.abs(day[a] - day[b]), 0xFFFFL);
        // Bigger key = better candidate: score, then closer release, then lower index.
        long key = ((long) score << 32) | ((0xFFFFL - gap) << 16) | (0xFFFFL - b);
        if (key > best[SIMILAR_PER_MOVIE - 1]) {
          insert(best, key);
        }
      }
      for (long key : best) {
        if (key != Long.MIN_VALUE) {
          int b = (int) (0xFFFFL - (key & 0xFFFFL));
          if (!edges.containsKey((long) b * n + a)) {
            edges.putIfAbsent((long) a * n + b, promotions(films.get(a), films.get(b)));
          }
        }
      }
    }
    return edges;
  }

  /** A small integer per distinct value (-1 for null), so the pair loop compares ints. */
  private static int[] codes(List<Film> films, Function<Film, String> field) {
    Map<String, Integer> ids = new HashMap<>();
    int[] codes = new int[films.size()];
    for (int i = 0; i < codes.length; i++) {
      String v = field.apply(films.get(i));
      codes[i] = v == null ? -1 : ids.computeIfAbsent(v, k -> ids.size());
    }
    return codes;
  }

  /** Keeps the top keys in descending order. */
  private static void insert(long[] best, long key) {
    int i = best.length - 1;
    while (i > 0 && best[i - 1] < key) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = key;
  }

  private static int score(Film a, Film b) {
    int score = 0;
    if (a.director() != null && a.director().equals(b.director())) {
      score += 3;
    }
    if (a.genre() != null && a.genre().equals(b.genre())) {
      score += 2;
    }
    if (a.creativeType() != null && a.creativeType().equals(b.creativeType())) {
      score += 1;
    }
    if (Math.abs(a.year() - b.year()) <= 2) {
      score += 1;
    }
    return score;
  }

  private static int promotions(Film a, Film b) {
    double ra = Double.isNaN(a.imdbRating()) ? UNKNOWN_RATING : a.imdbRating();
    double rb = Double.isNaN(b.imdbRating()) ? UNKNOWN_RATING : b.imdbRating();
    long votes = Math.min(a.imdbVotes(), b.imdbVotes());
    int value =
        10 * score(a, b)
            + (int) Math.round((ra + rb) / 2)
            + (int) Math.floor(Math.log10(1 + votes));
    return Math.max(1, value);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  private static LocalDate date(String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text, RELEASE_DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
