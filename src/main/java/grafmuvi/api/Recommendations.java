package grafmuvi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.config.InvalidSettingsException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The recommendation answers of every movie, computed ahead: a read is an array lookup of ready
 * bytes and ETag. A promotion changes the graph and recomputes, before it returns, the answers of
 * every movie whose answer can depend on the changed edge; all graph access is under this object's
 * lock, answers are published through an {@link AtomicReferenceArray}, so readers never lock.
 *
 * <p>Two rankings ({@code grafmuvi.api.ranking}):
 *
 * <ul>
 *   <li>{@link Mode#PATHS}: upstream's, one entry per simple path ({@link PathRanking}), for graphs
 *       where every movie has at most {@code max-paths} simple paths;
 *   <li>{@link Mode#MOVIES}: each movie reachable within {@code maxDepth} hops once, ordered by
 *       hops ascending, then by the best (maximum) sum of promotions over its shortest paths
 *       descending, then by title and index; at most {@code maxResults}. For dense graphs, where
 *       upstream's path enumeration never ends.
 * </ul>
 */
final class Recommendations {

  /** How answers are ranked. */
  enum Mode {
    PATHS,
    MOVIES
  }

  private final MovieGraph graph;
  private final Mode mode;
  private final String description;
  private final int maxPaths;
  private final int maxDepth;
  private final int maxResults;
  private final PathRanking paths;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicReferenceArray<Answer> answers;
  private final AtomicLongArray served;
  private final AtomicInteger distinctServed = new AtomicInteger();

  // Scratch space of the movies ranking walk, used under the lock only.
  private final int[] seen;
  private final int[] hops;
  private final long[] best;
  private int walk;

  /** Ranking movies (tools and tests). */
  Recommendations(MovieGraph graph, int maxDepth, int maxResults) {
    this(graph, Mode.MOVIES, "movies", 0, maxDepth, maxResults);
  }

  private Recommendations(
      MovieGraph graph, Mode mode, String description, int maxPaths, int maxDepth, int maxResults) {
    this.graph = graph;
    this.mode = mode;
    this.description = description;
    this.maxPaths = maxPaths;
    this.maxDepth = maxDepth;
    this.maxResults = maxResults;
    this.paths = mode == Mode.PATHS ? new PathRanking(graph) : null;
    int n = graph.size();
    this.answers = new AtomicReferenceArray<>(n);
    this.served = new AtomicLongArray((n + 63) / 64);
    this.seen = new int[n];
    this.hops = new int[n];
    this.best = new long[n];
    synchronized (this) {
      for (int i = 0; i < n; i++) {
        answers.set(i, answer(rank(i)));
      }
    }
  }

  /**
   * The answers of a graph ranked as the settings say: ranking {@code auto} picks paths when every
   * movie has at most max-paths simple paths, else movies.
   *
   * @throws InvalidSettingsException when ranking = paths and some movie has more simple paths
   */
  static Recommendations of(MovieGraph graph, ApiSettings settings) {
    String movies =
        "movies (max-depth " + settings.maxDepth() + ", max-results " + settings.maxResults() + ")";
    if (settings.ranking().equals("movies")) {
      return new Recommendations(
          graph, Mode.MOVIES, movies + ", as set", 0, settings.maxDepth(), settings.maxResults());
    }
    PathRanking counter = new PathRanking(graph);
    long most = 0;
    for (int i = 0; i < graph.size(); i++) {
      long count = counter.count(i, settings.maxPaths());
      if (count > settings.maxPaths()) {
        Movie dense = graph.movie(i);
        String why =
            "movie "
                + dense.imdbId()
                + " ("
                + dense.title()
                + ") has more than "
                + settings.maxPaths()
                + " simple paths";
        if (settings.ranking().equals("paths")) {
          throw new InvalidSettingsException(
              List.of(
                  ApiSettings.PATH
                      + ".ranking = paths: the graph "
                      + settings.graph()
                      + " is too dense to rank by paths: "
                      + why
                      + " (max-paths); use ranking"
                      + " = movies or auto, or raise "
                      + ApiSettings.PATH
                      + ".max-paths"));
        }
        return new Recommendations(
            graph,
            Mode.MOVIES,
            movies + ", auto: " + why + " (max-paths)",
            0,
            settings.maxDepth(),
            settings.maxResults());
      }
      most = Math.max(most, count);
    }
    return new Recommendations(
        graph,
        Mode.PATHS,
        "paths, "
            + (settings.ranking().equals("auto") ? "auto" : "as set")
            + ": every movie has at most "
            + most
            + " simple paths (max-paths "
            + settings.maxPaths()
            + ")",
        settings.maxPaths(),
        settings.maxDepth(),
        settings.maxResults());
  }

  Mode mode() {
    return mode;
  }

  /**
   * One line: how answers are ranked and why, e.g. {@code paths, auto: every movie has at most 3
   * ...}.
   */
  String description() {
    return description;
  }

  MovieGraph graph() {
    return graph;
  }

  /** The answer for a movie id: its recommendations, or {@code {}} when unknown. */
  Answer forId(String imdbId) {
    return served(graph.indexOfId(imdbId));
  }

  /** The answer for exactly this title and release year, or {@code {}} when unknown. */
  Answer forTitle(String title, long year) {
    return served(graph.indexOfTitle(title, year));
  }

  private Answer served(int index) {
    if (index < 0) {
      return Answer.EMPTY_OBJECT;
    }
    long bit = 1L << (index & 63);
    long word = served.get(index >> 6);
    if ((word & bit) == 0
        && (served.getAndAccumulate(index >> 6, bit, (w, b) -> w | b) & bit) == 0) {
      distinctServed.incrementAndGet();
    }
    return answers.get(index);
  }

  /** Movies whose recommendations were asked for at least once, by id or title. */
  int distinctMoviesServed() {
    return distinctServed.get();
  }

  /** Whether this movie's answer is non-empty. */
  boolean hasRecommendations(int index) {
    return !answers.get(index).isEmptyObject();
  }

  /** Current promotions of the edge a–b (0 when there is none). */
  synchronized int promotions(int a, int b) {
    return graph.promotions(a, b);
  }

  synchronized long edgeCount() {
    return graph.edgeCount();
  }

  /**
   * Adds delta to both directed edges a→b and b→a and refreshes every answer it can change; returns
   * the new count.
   *
   * @throws PromotionRefused when ranking by paths and a new edge would give a movie more than
   *     max-paths simple paths (the graph is left unchanged)
   */
  synchronized int promote(int a, int b, int delta) {
    boolean created = !graph.hasEdge(a, b);
    int updated = graph.addPromotions(a, b, delta);
    if (mode == Mode.PATHS) {
      paths.edgesChanged();
      // Any answer of the component can hold a path through a–b.
      BitSet component = within(a, graph.size());
      if (created) {
        for (int i = component.nextSetBit(0); i >= 0; i = component.nextSetBit(i + 1)) {
          if (paths.count(i, maxPaths) > maxPaths) {
            graph.removeEdge(a, b);
            paths.edgesChanged();
            throw new PromotionRefused(
                "a new edge "
                    + graph.movie(a).imdbId()
                    + "–"
                    + graph.movie(b).imdbId()
                    + " would give movie "
                    + graph.movie(i).imdbId()
                    + " more than "
                    + maxPaths
                    + " simple paths, too many for ranking by paths (grafmuvi.api.max-paths)");
          }
        }
      }
      for (int i = component.nextSetBit(0); i >= 0; i = component.nextSetBit(i + 1)) {
        answers.set(i, answer(rank(i)));
      }
      return updated;
    }
    // A movie's answer depends on a–b only if it reaches a or b within maxDepth - 1 hops.
    BitSet affected = within(a, maxDepth - 1);
    affected.or(within(b, maxDepth - 1));
    for (int i = affected.nextSetBit(0); i >= 0; i = affected.nextSetBit(i + 1)) {
      answers.set(i, answer(rank(i)));
    }
    return updated;
  }

  /** A promotion the server cannot take: answered 400. */
  static final class PromotionRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PromotionRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** The ranked movie indexes for a source, as served (for tests and tools). */
  synchronized List<Integer> ranking(int source) {
    return rank(source);
  }

  private BitSet within(int source, int depth) {
    BitSet reached = new BitSet(graph.size());
    reached.set(source);
    List<Integer> layer = List.of(source);
    for (int d = 0; d < depth && !layer.isEmpty(); d++) {
      List<Integer> next = new ArrayList<>();
      for (int u : layer) {
        for (int v : graph.neighbours(u).keySet()) {
          if (!reached.get(v)) {
            reached.set(v);
            next.add(v);
          }
        }
      }
      layer = next;
    }
    return reached;
  }

  private List<Integer> rank(int source) {
    return mode == Mode.PATHS ? paths.rank(source) : rankMovies(source);
  }

  private List<Integer> rankMovies(int source) {
    int mark = ++walk;
    seen[source] = mark;
    hops[source] = 0;
    best[source] = 0;
    List<Integer> ranked = new ArrayList<>();
    List<Integer> layer = List.of(source);
    Comparator<Integer> order =
        Comparator.<Integer>comparingLong(v -> -best[v])
            .thenComparing(v -> graph.movie(v).title())
            .thenComparingInt(v -> v);
    for (int d = 1; d <= maxDepth && ranked.size() < maxResults && !layer.isEmpty(); d++) {
      List<Integer> next = new ArrayList<>();
      for (int u : layer) {
        for (Map.Entry<Integer, Integer> e : graph.neighbours(u).entrySet()) {
          int v = e.getKey();
          long sum = best[u] + e.getValue();
          if (seen[v] != mark) {
            seen[v] = mark;
            hops[v] = d;
            best[v] = sum;
            next.add(v);
          } else if (hops[v] == d && sum > best[v]) {
            best[v] = sum;
          }
        }
      }
      next.sort(order);
      for (int v : next) {
        if (ranked.size() == maxResults) {
          break;
        }
        ranked.add(v);
      }
      layer = next;
    }
    return ranked;
  }

  private Answer answer(List<Integer> ranked) {
    if (ranked.isEmpty()) {
      return Answer.EMPTY_OBJECT;
    }
    Map<String, String> body = new LinkedHashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      body.put(Integer.toString(i + 1), graph.movie(ranked.get(i)).title());
    }
    try {
      return Answer.of(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a recommendation list as JSON", e);
    }
  }
}
