package grafmuvi.loadtest.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import grafmuvi.config.InvalidSettingsException;

/**
 * Keeps Gatling's "Failed to create the Simulation instance" log line out of the console when the
 * cause is a refused setting: the JVM prints that refusal itself, once, and it is the whole story.
 */
public final class RefusedSettingsFilter extends Filter<ILoggingEvent> {

  @Override
  public FilterReply decide(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    return thrown != null && InvalidSettingsException.class.getName().equals(thrown.getClassName())
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
