package grafmuvi.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Upstream's ranking: one entry per simple path of any length from the movie (no movie twice on a
 * path), ordered by path length ascending, then by the sum of the promotions along it descending,
 * ties in {@link TieOrder}; duplicates included, no limit. The number of simple paths grows
 * exponentially with density, so callers bound it ({@link #count}). Holds scratch space: one thread
 * at a time ({@link Recommendations} calls it under its lock).
 */
final class PathRanking {

  private interface Visitor {
    void path(int end, int length, long sum);
  }

  private final MovieGraph graph;
  private final boolean[] onPath;
  private final int[][] next;
  private final int[] node;
  private final int[] cursor;
  private final long[] sum;

  PathRanking(MovieGraph graph) {
    int n = graph.size();
    this.graph = graph;
    this.onPath = new boolean[n];
    this.next = new int[n][];
    this.node = new int[n];
    this.cursor = new int[n];
    this.sum = new long[n];
  }

  /** Forgets the cached neighbour orders: call after the graph's edges changed. */
  void edgesChanged() {
    Arrays.fill(next, null);
  }

  /** The end movies of every simple path from source, in upstream's order. */
  List<Integer> rank(int source) {
    List<long[]> paths = new ArrayList<>();
    walk(
        source, Long.MAX_VALUE, (end, length, total) -> paths.add(new long[] {end, length, total}));
    long[][] rows = paths.toArray(new long[0][]);
    // Stable (a merge sort on objects), like Neo4j's ORDER BY: ties keep the walk's order.
    Arrays.sort(rows, (x, y) -> x[1] != y[1] ? Long.compare(x[1], y[1]) : Long.compare(y[2], x[2]));
    List<Integer> ranked = new ArrayList<>(rows.length);
    for (long[] row : rows) {
      ranked.add((int) row[0]);
    }
    return ranked;
  }

  /** How many simple paths start at source, counting no further than limit + 1. */
  long count(int source, long limit) {
    long[] n = {0};
    walk(source, limit + 1, (end, length, total) -> n[0]++);
    return n[0];
  }

  /** Depth-first, pre-order, without recursion; stops after max paths. */
  private void walk(int source, long max, Visitor visitor) {
    int depth = 0;
    node[0] = source;
    cursor[0] = 0;
    sum[0] = 0;
    onPath[source] = true;
    long found = 0;
    try {
      while (depth >= 0) {
        int u = node[depth];
        int[] order = neighbours(u);
        if (cursor[depth] == order.length) {
          onPath[u] = false;
          depth--;
          continue;
        }
        int v = order[cursor[depth]++];
        if (onPath[v]) {
          continue;
        }
        long total = sum[depth] + graph.promotions(u, v);
        visitor.path(v, depth + 1, total);
        if (++found >= max) {
          return;
        }
        depth++;
        node[depth] = v;
        sum[depth] = total;
        cursor[depth] = 0;
        onPath[v] = true;
      }
    } finally {
      for (int d = Math.max(depth, 0); d >= 0 && depth >= 0; d--) {
        onPath[node[d]] = false;
      }
    }
  }

  private int[] neighbours(int movie) {
    if (next[movie] == null) {
      next[movie] = TieOrder.neighbours(graph, movie);
    }
    return next[movie];
  }
}
