package grafmuvi.loadtest.live;

import static io.gatling.javaapi.core.CoreDsl.bodyLength;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpDsl;
import java.util.List;

/**
 * How the simulation feeds the recorder, with Gatling's public DSL only: checks on every request
 * that save its response time, body length, status and when it was checked (they come first, since
 * a failed check skips the ones after it), then a step after the request that hands them over, and
 * a step when a user starts and ends.
 */
public final class Feed {

  private static final String TIME = "grafmuvi.live.responseTime";
  private static final String BYTES = "grafmuvi.live.bodyLength";
  private static final String STATUS = "grafmuvi.live.status";
  private static final String ANSWERED = "grafmuvi.live.answeredAt";

  private final Recorder recorder;

  public Feed(Recorder recorder) {
    this.recorder = recorder;
  }

  /** The measuring checks, to put before a request's own checks. */
  public static List<CheckBuilder> checks() {
    return List.of(
        responseTimeInMillis().saveAs(TIME),
        // when the answer was checked, right before Gatling counts it
        responseTimeInMillis().transform(t -> System.nanoTime()).saveAs(ANSWERED),
        bodyLength().saveAs(BYTES),
        HttpDsl.status().saveAs(STATUS));
  }

  /**
   * After the request named request: records it, then clears what the checks saved and the
   * session's failed mark (which would otherwise stick to the user's next requests).
   */
  public ChainBuilder after(String request) {
    return exec(
        session -> {
          boolean answered = session.contains(TIME);
          recorder.record(
              request,
              answered ? session.getInt(TIME) : -1,
              session.contains(BYTES) ? session.getInt(BYTES) : -1,
              session.contains(STATUS) ? session.getInt(STATUS) : 0,
              session.isFailed(),
              session.contains(ANSWERED) ? session.getLong(ANSWERED) : System.nanoTime());
          return session.removeAll(TIME, BYTES, STATUS, ANSWERED).markAsSucceeded();
        });
  }

  public ChainBuilder userStarts() {
    return exec(
        (Session session) -> {
          recorder.userStarts();
          return session;
        });
  }

  public ChainBuilder userEnds() {
    return exec(
        (Session session) -> {
          recorder.userEnds();
          return session;
        });
  }
}
