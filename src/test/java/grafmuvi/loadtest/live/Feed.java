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

  /** The session key of each user's {@link Answer}, set once when the user starts. */
  private static final String ANSWER = "grafmuvi.live.answer";

  private final Recorder recorder;

  public Feed(Recorder recorder) {
    this.recorder = recorder;
  }

  /** What the measuring checks of a user's last request saw; one per user, reused. */
  private static final class Answer {
    volatile long millis = -1;
    volatile long bytes = -1;
    volatile int status;
    volatile long checkedAt;

    void clear() {
      millis = -1;
      bytes = -1;
      status = 0;
      checkedAt = 0;
    }
  }

  /**
   * The measuring checks, to put before a request's own checks: they note the response time (and
   * when it was checked, right before Gatling counts the answer), the body's length and the status
   * into the user's Answer, leaving the session as it is.
   */
  public static List<CheckBuilder> checks() {
    return List.of(
        responseTimeInMillis()
            .transformWithSession(
                (millis, session) -> {
                  Answer a = session.get(ANSWER);
                  a.millis = millis;
                  a.checkedAt = System.nanoTime();
                  return millis;
                }),
        bodyLength()
            .transformWithSession(
                (bytes, session) -> {
                  ((Answer) session.get(ANSWER)).bytes = bytes;
                  return bytes;
                }),
        HttpDsl.status()
            .transformWithSession(
                (status, session) -> {
                  ((Answer) session.get(ANSWER)).status = status;
                  return status;
                }));
  }

  /**
   * After the request named request: records it, then clears the user's Answer and the session's
   * failed mark (which would otherwise stick to the user's next requests).
   */
  public ChainBuilder after(String request) {
    return exec(
        session -> {
          Answer a = session.get(ANSWER);
          recorder.record(
              request,
              a.millis,
              a.bytes,
              a.status,
              session.isFailed(),
              a.checkedAt != 0 ? a.checkedAt : System.nanoTime());
          a.clear();
          return session.isFailed() ? session.markAsSucceeded() : session;
        });
  }

  public ChainBuilder userStarts() {
    return exec(
        (Session session) -> {
          recorder.userStarts();
          return session.set(ANSWER, new Answer());
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
