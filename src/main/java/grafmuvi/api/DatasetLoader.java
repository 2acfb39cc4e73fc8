package grafmuvi.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the movie graph the server starts with, from two resources in {@code grafmuvi/data/}:
 * {@code vega-movies.json} (vega-datasets 3.2.1, shipped verbatim) and {@code seed-movies.json}.
 * This class is the derivation of the SIMILAR edges; PROVENANCE.md beside the data describes it.
 *
 * <ul>
 *   <li>Movies: every vega entry with a title and a parsable release date, in file order, gets the id
 *       {@code vd} + its zero-padded index in vega's file ({@code vd0000}…{@code vd3200}), which is
 *       clearly not an IMDb id. A seed movie whose (title, year) matches a vega entry takes that entry
 *       over with its real IMDb id (and its genre/director where vega has none); other seed movies are
 *       appended.</li>
 *   <li>Titles colliding on (lower-case title, year): the first movie in file order wins the title
 *       lookup; the others stay reachable by id. (vega 3.2.1 has no such collision.)</li>
 *   <li>Edges: for movies a and b, {@code score = 3·[same director] + 2·[same major genre] +
 *       1·[same creative type] + 1·[release years at most 2 apart]}. Each movie picks the
 *       {@value #SIMILAR_PER_MOVIE} others with the highest score, then the closest release date, then
 *       the lowest index; the edges are the union of these picks (so every movie has at least
 *       {@value #SIMILAR_PER_MOVIE} edges and recommendations, and a movie with few matches is linked
 *       to its nearest releases). Promotions of an edge:
 *       {@code max(1, 10·score + round(mean IMDb rating of the two) + floor(log10(1 + fewer IMDb votes of the two)))},
 *       an unknown rating counting as 5.</li>
 *   <li>Then the seed promotions replace the derived ones between the seed movies (the upstream worked
 *       example: American Gangster–The Godfather 100, American Gangster–Training Day 50,
 *       The Godfather–Black Mass 100).</li>
 * </ul>
 */
final class DatasetLoader {

    /** How many most-similar movies each movie links to. */
    static final int SIMILAR_PER_MOVIE = 5;

    static final String VEGA_RESOURCE = "/grafmuvi/data/vega-movies.json";
    static final String SEED_RESOURCE = "/grafmuvi/data/seed-movies.json";

    private static final DateTimeFormatter RELEASE_DATE = DateTimeFormatter.ofPattern("MMM dd yyyy", Locale.ENGLISH);
    private static final double UNKNOWN_RATING = 5.0;

    private DatasetLoader() {
    }

    /** The bundled data set with its derived edges and the seed promotions. */
    static MovieGraph load() {
        ObjectMapper json = new ObjectMapper();
        JsonNode vega = readResource(json, VEGA_RESOURCE);
        JsonNode seed = readResource(json, SEED_RESOURCE);
        List<Movie> movies = vegaMovies(vega);
        Map<String, Integer> seedIds = mergeSeedMovies(movies, seed.path("movies"));
        MovieGraph graph = MovieGraph.of(movies);
        deriveEdges(graph);
        applySeedPromotions(graph, seed.path("promotions"), seedIds);
        return graph;
    }

    private static JsonNode readResource(ObjectMapper json, String name) {
        try (InputStream in = DatasetLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the class path");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<Movie> vegaMovies(JsonNode vega) {
        if (!vega.isArray()) {
            throw new IllegalStateException(VEGA_RESOURCE + " is not a JSON array");
        }
        List<Movie> movies = new ArrayList<>(vega.size() + 8);
        for (int i = 0; i < vega.size(); i++) {
            JsonNode entry = vega.get(i);
            String title = text(entry, "Title");
            LocalDate released = date(text(entry, "Release Date"));
            if (title == null || title.isBlank() || released == null) {
                continue;
            }
            JsonNode rating = entry.path("IMDB Rating");
            JsonNode votes = entry.path("IMDB Votes");
            movies.add(new Movie(movies.size(), String.format(Locale.ROOT, "vd%04d", i), title, released.getYear(),
                    released.toEpochDay(), text(entry, "Major Genre"), text(entry, "Creative Type"),
                    text(entry, "Director"), rating.isNumber() ? rating.asDouble() : Double.NaN,
                    votes.isNumber() ? votes.asLong() : 0));
        }
        return movies;
    }

    /** Puts the seed movies into the list; returns seed id → index. */
    private static Map<String, Integer> mergeSeedMovies(List<Movie> movies, JsonNode seeds) {
        Map<String, Integer> byKey = new HashMap<>();
        for (Movie m : movies) {
            byKey.putIfAbsent(MovieGraph.titleKey(m.title(), m.year()), m.index());
        }
        Map<String, Integer> seedIds = new HashMap<>();
        for (JsonNode s : seeds) {
            String id = Objects.requireNonNull(text(s, "imdbId"), "seed movie without imdbId");
            String title = Objects.requireNonNull(text(s, "title"), "seed movie without title");
            int year = s.path("year").asInt();
            Integer existing = byKey.get(MovieGraph.titleKey(title, year));
            Movie movie;
            if (existing != null) {
                Movie v = movies.get(existing);
                movie = new Movie(v.index(), id, v.title(), v.year(), v.releaseEpochDay(),
                        v.genre() != null ? v.genre() : text(s, "genre"),
                        v.creativeType() != null ? v.creativeType() : text(s, "creativeType"),
                        v.director() != null ? v.director() : text(s, "director"), v.imdbRating(), v.imdbVotes());
                movies.set(v.index(), movie);
            } else {
                LocalDate released = date(text(s, "releaseDate"));
                long day = released != null ? released.toEpochDay() : LocalDate.of(year, 7, 1).toEpochDay();
                movie = new Movie(movies.size(), id, title, year, day, text(s, "genre"), text(s, "creativeType"),
                        text(s, "director"), Double.NaN, 0);
                movies.add(movie);
                byKey.putIfAbsent(MovieGraph.titleKey(title, year), movie.index());
            }
            seedIds.put(id, movie.index());
        }
        return seedIds;
    }

    private static void applySeedPromotions(MovieGraph graph, JsonNode promotions, Map<String, Integer> seedIds) {
        for (JsonNode p : promotions) {
            Integer a = seedIds.get(text(p, "id1"));
            Integer b = seedIds.get(text(p, "id2"));
            if (a == null || b == null) {
                throw new IllegalStateException(SEED_RESOURCE + ": promotion between unknown seed movies: " + p);
            }
            graph.setPromotions(a, b, p.path("promotions").asInt());
        }
    }

    /** The derivation rule described in the class comment (over primitive arrays: 10M pairs). */
    static void deriveEdges(MovieGraph graph) {
        int n = graph.size();
        if (n > 0xFFFF) {
            throw new IllegalStateException("the derivation packs movie indexes in 16 bits; " + n + " movies is too many");
        }
        List<Movie> movies = graph.movies();
        int[] director = codes(movies, Movie::director);
        int[] genre = codes(movies, Movie::genre);
        int[] type = codes(movies, Movie::creativeType);
        int[] year = new int[n];
        long[] day = new long[n];
        for (int i = 0; i < n; i++) {
            year[i] = movies.get(i).year();
            day[i] = movies.get(i).releaseEpochDay();
        }
        long[] best = new long[SIMILAR_PER_MOVIE];
        for (int a = 0; a < n; a++) {
            java.util.Arrays.fill(best, Long.MIN_VALUE);
            for (int b = 0; b < n; b++) {
                if (b == a) {
                    continue;
                }
                int score = (director[a] >= 0 && director[a] == director[b] ? 3 : 0)
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
            Movie ma = movies.get(a);
            for (long key : best) {
                if (key != Long.MIN_VALUE) {
                    int b = (int) (0xFFFFL - (key & 0xFFFFL));
                    if (!graph.hasEdge(a, b)) {
                        graph.setPromotions(a, b, promotions(ma, movies.get(b)));
                    }
                }
            }
        }
    }

    /** A small integer per distinct value (-1 for null), so the pair loop compares ints. */
    private static int[] codes(List<Movie> movies, java.util.function.Function<Movie, String> field) {
        Map<String, Integer> ids = new HashMap<>();
        int[] codes = new int[movies.size()];
        for (int i = 0; i < codes.length; i++) {
            String v = field.apply(movies.get(i));
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

    static int score(Movie a, Movie b) {
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

    static int promotions(Movie a, Movie b) {
        double ra = Double.isNaN(a.imdbRating()) ? UNKNOWN_RATING : a.imdbRating();
        double rb = Double.isNaN(b.imdbRating()) ? UNKNOWN_RATING : b.imdbRating();
        long votes = Math.min(a.imdbVotes(), b.imdbVotes());
        int value = 10 * score(a, b) + (int) Math.round((ra + rb) / 2) + (int) Math.floor(Math.log10(1 + votes));
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
