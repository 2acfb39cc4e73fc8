package grafmuvi.api;

import java.util.Map;

/**
 * The one rule that decides the order of equally ranked paths (same length, same sum of promotions)
 * in the paths ranking, kept here so that it is easy to change when the real upstream's recorded
 * answers say otherwise.
 *
 * <p>Upstream sorts with {@code ORDER BY n.length, n.sum_promotions DESC}; Neo4j 3.5 sorts with
 * {@code java.util.Arrays.sort} on objects, which is stable, so ties keep the order the rows
 * arrived in. The rows come from {@code VarLengthExpandPipe}: a depth-first walk with a stack that,
 * at each node, pushes the node's outgoing SIMILAR relationships in the order its relationship
 * chain yields them (newest first: a new relationship is linked at the head of the chain) and then
 * pops the last pushed, so a node's relationships are followed oldest first. The rule here: paths
 * are enumerated depth-first, pre-order, following each movie's edges in creation order (graph file
 * order, then edges created by promotions), and ties keep that order.
 *
 * <p>Not modelled: Neo4j 3.5's {@code EagerAggregation} (the {@code sum()} groups rows by path in a
 * Scala hash map before the sort, which can reorder ties by hash). A model of it (Scala 2.11's
 * HashMap, Neo4j's path/list/id hashes, ids in creation order) predicted Black mass before American
 * gangster from The godfather on the seed graph; the real upstream answered American gangster first
 * in 20 of 20 requests, as this rule does (the same model with the grouping key taken as the path
 * alone, or as [length, path], would agree too: one observation cannot tell them apart). Recorded
 * upstream answers decide; change this class then.
 */
final class TieOrder {

  private TieOrder() {}

  /** A movie's neighbours in the order the walk follows them. */
  static int[] neighbours(MovieGraph graph, int movie) {
    Map<Integer, Integer> edges = graph.neighbours(movie);
    int[] order = new int[edges.size()];
    int i = 0;
    for (int next : edges.keySet()) {
      order[i++] = next;
    }
    return order;
  }
}
