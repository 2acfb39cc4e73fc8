package grafmuvi.api;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rule 3 of the write endpoints, as a sliding window: a client may make at most {@code limit}
 * accepted posts within any {@code windowNanos}. (Upstream counted posts less than 30 minutes apart
 * in a JSON file; the window form is the documented re-implementation.) Thread-safe; memory is
 * bounded by the number of recent clients times the posts each made within the window.
 */
final class ClientRateLimiter {

  private static final int PRUNE_ABOVE_CLIENTS = 10_000;

  private final int limit;
  private final long windowNanos;
  private final Map<String, ArrayDeque<Long>> posts = new HashMap<>();

  ClientRateLimiter(int limit, long windowNanos) {
    this.limit = limit;
    this.windowNanos = windowNanos;
  }

  /**
   * Records a post of this client at {@code now} (System.nanoTime) if the client is under its
   * limit.
   */
  synchronized boolean tryAcquire(String client, long now) {
    if (posts.size() > PRUNE_ABOVE_CLIENTS) {
      posts.values().removeIf(times -> expire(times, now).isEmpty());
    }
    ArrayDeque<Long> times = expire(posts.computeIfAbsent(client, c -> new ArrayDeque<>()), now);
    if (times.size() >= limit) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  private ArrayDeque<Long> expire(ArrayDeque<Long> times, long now) {
    while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
      times.removeFirst();
    }
    return times;
  }
}
