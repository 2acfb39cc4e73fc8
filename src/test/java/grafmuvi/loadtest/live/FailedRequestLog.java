package grafmuvi.loadtest.live;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands the recorder the message of each failed request, from the line Gatling logs for it at DEBUG
 * (logger io.gatling.http.engine.response: "Request 'NAME' failed for user N: MESSAGE"), the
 * documented way to see failed requests. Attached in logback-test.xml; a run hands it its recorder.
 */
public final class FailedRequestLog extends AppenderBase<ILoggingEvent> {

  private static final Pattern FAILED =
      Pattern.compile("Request '(.*)' failed for user \\d+: (.*)", Pattern.DOTALL);

  private static volatile Recorder recorder;

  /** From now on, failures go to this recorder. */
  public static void feeds(Recorder target) {
    recorder = target;
  }

  @Override
  protected void append(ILoggingEvent event) {
    Recorder r = recorder;
    if (r == null) {
      return;
    }
    Matcher m = FAILED.matcher(event.getFormattedMessage());
    if (m.matches()) {
      r.failed(m.group(1), m.group(2).strip());
    }
  }
}
