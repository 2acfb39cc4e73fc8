package grafmuvi.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Movies and the SIMILAR edges between them. Every edge is stored in both directions with one
 * promotion count, as upstream always writes both. A movie's neighbours keep the order their edges
 * were created in (file order, then promotions that created an edge): the order Neo4j walks them in
 * decides the order of equally ranked paths ({@link TieOrder}). Lookups are exact and
 * case-sensitive, as upstream's Cypher matches. The movie set never changes after construction; the
 * edges change only through {@link #addPromotions}. Not thread-safe: {@link Recommendations} guards
 * it.
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
      // Graph files refuse two movies with one (title, year); a graph built in code keeps the
      // first.
      byTitleYear.putIfAbsent(titleKey(m.title(), m.year()), m.index());
      edges.add(new LinkedHashMap<>(8));
    }
  }

  /** A graph of these movies (indexes must be 0..n-1 in order) and no edges. */
  static MovieGraph of(List<Movie> movies) {
    for (int i = 0; i < movies.size(); i++) {
      if (movies.get(i).index() != i) {
        throw new IllegalArgumentException(
            "movie "
                + movies.get(i).imdbId()
                + " has index "
                + movies.get(i).index()
                + ", expected "
                + i);
      }
    }
    return new MovieGraph(movies);
  }

  /** The graph of a (validated) graph file: movies and edges in file order. */
  static MovieGraph of(GraphFile file) {
    List<Movie> movies = new ArrayList<>(file.movies().size());
    for (GraphFile.MovieLine m : file.movies()) {
      movies.add(
          new Movie(
              movies.size(),
              m.imdbId(),
              m.title(),
              m.released(),
              m.genre(),
              m.creativeType(),
              m.director()));
    }
    MovieGraph graph = new MovieGraph(movies);
    for (GraphFile.SimilarLine s : file.similar()) {
      graph.setPromotions(graph.indexOfId(s.from()), graph.indexOfId(s.to()), s.promotions());
    }
    return graph;
  }

  /** The lookup key of a title: exactly the title, plus the year. */
  private static String titleKey(String title, long year) {
    return title + '\u0000' + year;
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

  /** Index of the movie with exactly this id, or -1. */
  int indexOfId(String imdbId) {
    Integer i = byId.get(imdbId);
    return i == null ? -1 : i;
  }

  /** Index of the movie with exactly this title and this release year, or -1. */
  int indexOfTitle(String title, long year) {
    Integer i = byTitleYear.get(titleKey(title, year));
    return i == null ? -1 : i;
  }

  /** Neighbours of a movie and the promotions of each edge, in edge creation order (read-only). */
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

  /** Sets the promotions of a–b in both directions, creating the edge (last in order) if needed. */
  void setPromotions(int a, int b, int promotions) {
    if (a == b) {
      throw new IllegalArgumentException(
          "a movie cannot be similar to itself: " + movies.get(a).imdbId());
    }
    if (edges.get(a).put(b, promotions) == null) {
      edgeCount++;
    }
    edges.get(b).put(a, promotions);
  }

  /** Removes the edge a–b (both directions); used to undo a refused new edge. */
  void removeEdge(int a, int b) {
    if (edges.get(a).remove(b) != null) {
      edgeCount--;
    }
    edges.get(b).remove(a);
  }

  /**
   * Adds delta to the promotions of a–b in both directions (a new edge starts at 0); returns the
   * new count.
   */
  int addPromotions(int a, int b, int delta) {
    int updated = Math.addExact(promotions(a, b), delta);
    setPromotions(a, b, updated);
    return updated;
  }
}
