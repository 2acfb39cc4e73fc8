package grafmuvi.loadtest.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.typesafe.config.ConfigFactory;
import grafmuvi.loadtest.Settings;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks secrets in what the run writes down: the values of the headers named by
 * grafmuvi.secrets.headers (in "name: value" lines, as Gatling logs requests and responses) and the
 * token wherever it appears. Used as the %maskedMsg conversion word in logback-test.xml.
 */
public final class SecretMasker extends MessageConverter {

  private static volatile Masking current;

  private record Masking(Pattern headerLines, List<String> values) {}

  /** From now on mask these (the simulation calls this once its settings are read). */
  public static void use(Settings.Secrets secrets) {
    current = masking(secrets.headers(), secrets.values());
  }

  /**
   * text with every secret header value and the token replaced by {@link Settings.Secrets#MASK}.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    Masking m = current;
    if (m == null) {
      m =
          masking(
              ConfigFactory.parseResources("grafmuvi.conf")
                  .resolve()
                  .getStringList("grafmuvi.secrets.headers"),
              List.of());
      current = m;
    }
    String masked =
        m.headerLines()
            .matcher(text)
            .replaceAll("$1" + Matcher.quoteReplacement(Settings.Secrets.MASK));
    for (String secret : m.values()) {
      masked = masked.replace(secret, Settings.Secrets.MASK);
    }
    return masked;
  }

  @Override
  public String convert(ILoggingEvent event) {
    return mask(super.convert(event));
  }

  private static Masking masking(List<String> headers, List<String> values) {
    String names = headers.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    // A header line: optional indent, the name, a colon, then the value up to the end of the line.
    Pattern lines = Pattern.compile("(?im)^([ \\t]*(?:" + names + ")[ \\t]*[:=][ \\t]*).*$");
    return new Masking(lines, values);
  }
}
