package grafmuvi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * <p>Ranking (upstream enumerated every simple path; this ranks each reachable movie once): every
 * movie reachable from the requested one within {@code maxDepth} hops, ordered by hops ascending,
 * then by the best (maximum) sum of promotions over its shortest paths descending, then by title and
 * index; at most {@code maxResults}.
 */
final class Recommendations {

    private final MovieGraph graph;
    private final int maxDepth;
    private final int maxResults;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReferenceArray<Answer> answers;
    private final AtomicLongArray served;
    private final AtomicInteger distinctServed = new AtomicInteger();

    // Scratch space of the ranking walk, used under the lock only.
    private final int[] seen;
    private final int[] hops;
    private final long[] best;
    private int walk;

    Recommendations(MovieGraph graph, int maxDepth, int maxResults) {
        this.graph = graph;
        this.maxDepth = maxDepth;
        this.maxResults = maxResults;
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

    MovieGraph graph() {
        return graph;
    }

    /** The answer for a movie id: its recommendations, or {@code {}} when unknown. */
    Answer forId(String imdbId) {
        return served(graph.indexOfId(imdbId));
    }

    /** The answer for a title (case-insensitive) and release year, or {@code {}} when unknown. */
    Answer forTitle(String title, int year) {
        return served(graph.indexOfTitle(title, year));
    }

    private Answer served(int index) {
        if (index < 0) {
            return Answer.EMPTY_OBJECT;
        }
        long bit = 1L << (index & 63);
        long word = served.get(index >> 6);
        if ((word & bit) == 0 && (served.getAndAccumulate(index >> 6, bit, (w, b) -> w | b) & bit) == 0) {
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
     * Adds delta to both directed edges a→b and b→a and refreshes every answer it can change;
     * returns the new count.
     */
    synchronized int promote(int a, int b, int delta) {
        int updated = graph.addPromotions(a, b, delta);
        // A movie's answer depends on a–b only if it reaches a or b within maxDepth - 1 hops.
        BitSet affected = within(a, maxDepth - 1);
        affected.or(within(b, maxDepth - 1));
        for (int i = affected.nextSetBit(0); i >= 0; i = affected.nextSetBit(i + 1)) {
            answers.set(i, answer(rank(i)));
        }
        return updated;
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
        int mark = ++walk;
        seen[source] = mark;
        hops[source] = 0;
        best[source] = 0;
        List<Integer> ranked = new ArrayList<>();
        List<Integer> layer = List.of(source);
        Comparator<Integer> order = Comparator.<Integer>comparingLong(v -> -best[v])
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
