package grafmuvi.loadtest.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failure messages by request name, with their counts and when they were first and last seen. */
final class Failures {

  /** At most this many distinct messages are kept: a target can fail in endless new ways. */
  private static final int MAX = 200;

  private record Key(String request, String message) {}

  private static final class Row {
    final double firstSeen;
    volatile double lastSeen;
    long count;

    Row(double at) {
      firstSeen = at;
      lastSeen = at;
    }
  }

  private final Map<Key, Row> rows = new ConcurrentHashMap<>();

  void add(String request, String message, double at) {
    Key key = new Key(request, message);
    Row row = rows.get(key);
    if (row == null) {
      if (rows.size() >= MAX) {
        key = new Key(request, "(other messages)");
      }
      row = rows.computeIfAbsent(key, k -> new Row(at));
    }
    synchronized (row) {
      row.count++;
      row.lastSeen = at;
    }
  }

  /** The most frequent first. */
  List<LiveView.Failure> rows() {
    List<LiveView.Failure> out = new ArrayList<>();
    rows.forEach(
        (k, r) -> {
          synchronized (r) {
            out.add(
                new LiveView.Failure(k.request(), k.message(), r.count, r.firstSeen, r.lastSeen));
          }
        });
    out.sort(Comparator.comparingLong(LiveView.Failure::count).reversed());
    return out;
  }
}
