package grafmuvi.loadtest.live;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands the recorder what Gatling logs, the documented way to watch a run from outside its
 * internals: each failed request's message (logger io.gatling.http.engine.response at DEBUG:
 * "Request 'NAME' failed for user N: MESSAGE"), and the moment Gatling begins to stop the run (its
 * controller at INFO: "Initiating graceful stop", logged right before its statistics stop), so that
 * the recorder closes with them. Attached in logback-test.xml; a run hands it its recorder.
 */
public final class GatlingEvents extends AppenderBase<ILoggingEvent> {

  private static final Pattern FAILED =
      Pattern.compile("Request '(.*)' failed for user \\d+: (.*)", Pattern.DOTALL);
  private static final String STOPPING = "Initiating graceful stop";

  private static volatile Recorder recorder;

  /** From now on, Gatling's events go to this recorder. */
  public static void feed(Recorder target) {
    recorder = target;
  }

  @Override
  protected void append(ILoggingEvent event) {
    Recorder r = recorder;
    if (r == null) {
      return;
    }
    String message = event.getFormattedMessage();
    if (STOPPING.equals(message)) {
      r.close();
      return;
    }
    Matcher m = FAILED.matcher(message);
    if (m.matches()) {
      r.failed(m.group(1), m.group(2).strip());
    }
  }
}
