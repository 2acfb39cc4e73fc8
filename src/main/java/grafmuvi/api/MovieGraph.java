package grafmuvi.api;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Movies and the SIMILAR edges between them. Every edge is stored in both directions with one
 * promotion count, as upstream always writes both. The movie set and its indexes never change after
 * construction; the edges change only through {@link #addPromotions}. Not thread-safe:
 * {@link Recommendations} guards it.
 */
final class MovieGraph {

    private final List<Movie> movies;
    private final Map<String, Integer> byId;
    private final Map<String, Integer> byTitleYear;
    private final List<Map<Integer, Integer>> edges;
    private long edgeCount;

    private MovieGraph(List<Movie> movies) {
        this.movies = List.copyOf(movies);
        this.byId = new HashMap<>(movies.size() * 2);
        this.byTitleYear = new HashMap<>(movies.size() * 2);
        this.edges = new ArrayList<>(movies.size());
        for (Movie m : this.movies) {
            if (byId.putIfAbsent(m.imdbId(), m.index()) != null) {
                throw new IllegalArgumentException("two movies have the id " + m.imdbId());
            }
            // Two movies with one (title, year): the first one (lowest index) wins the title lookup.
            byTitleYear.putIfAbsent(titleKey(m.title(), m.year()), m.index());
            edges.add(new HashMap<>(8));
        }
    }

    /** A graph of these movies (indexes must be 0..n-1 in order) and no edges. */
    static MovieGraph of(List<Movie> movies) {
        for (int i = 0; i < movies.size(); i++) {
            if (movies.get(i).index() != i) {
                throw new IllegalArgumentException("movie " + movies.get(i).imdbId() + " has index "
                        + movies.get(i).index() + ", expected " + i);
            }
        }
        return new MovieGraph(movies);
    }

    /** The lookup key of a title: Unicode NFC, lower case (root locale), plus the year. */
    static String titleKey(String title, int year) {
        return Normalizer.normalize(title, Normalizer.Form.NFC).toLowerCase(Locale.ROOT) + '\u0000' + year;
    }

    int size() {
        return movies.size();
    }

    List<Movie> movies() {
        return movies;
    }

    Movie movie(int index) {
        return movies.get(index);
    }

    /** Index of the movie with this id, or -1. */
    int indexOfId(String imdbId) {
        Integer i = byId.get(imdbId);
        return i == null ? -1 : i;
    }

    /** Index of the movie with this title (case-insensitive) and release year, or -1. */
    int indexOfTitle(String title, int year) {
        Integer i = byTitleYear.get(titleKey(title, year));
        return i == null ? -1 : i;
    }

    /** Neighbours of a movie and the promotions of each edge (read-only view). */
    Map<Integer, Integer> neighbours(int index) {
        return Collections.unmodifiableMap(edges.get(index));
    }

    int degree(int index) {
        return edges.get(index).size();
    }

    /** Undirected edges (each stored in both directions). */
    long edgeCount() {
        return edgeCount;
    }

    /** Promotions of the edge a–b, or 0 when there is none. */
    int promotions(int a, int b) {
        return edges.get(a).getOrDefault(b, 0);
    }

    boolean hasEdge(int a, int b) {
        return edges.get(a).containsKey(b);
    }

    /** Sets the promotions of a–b in both directions, creating the edge if needed. */
    void setPromotions(int a, int b, int promotions) {
        if (a == b) {
            throw new IllegalArgumentException("a movie cannot be similar to itself: " + movies.get(a).imdbId());
        }
        if (edges.get(a).put(b, promotions) == null) {
            edgeCount++;
        }
        edges.get(b).put(a, promotions);
    }

    /** Adds delta to the promotions of a–b in both directions (a new edge starts at 0); returns the new count. */
    int addPromotions(int a, int b, int delta) {
        int updated = Math.addExact(promotions(a, b), delta);
        setPromotions(a, b, updated);
        return updated;
    }
}
