package grafmuvi.loadtest.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import grafmuvi.config.SettingsReader;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks secrets in what the run writes down: the values of the named headers (in "name: value"
 * lines, as Gatling logs requests and responses) and the secret strings wherever they appear. Used
 * as the %maskedMsg conversion word in logback-test.xml; the simulation hands it the secrets as
 * soon as its settings are read, before any request.
 */
public final class SecretMasker extends MessageConverter {

  private static volatile Masking current = new Masking(null, List.of());

  private record Masking(Pattern headerLines, List<String> values) {}

  /** From now on mask the values of these headers and these secret strings. */
  public static void use(List<String> headerNames, List<String> secretValues) {
    String names = headerNames.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    // A header line: optional indent, the name, a colon, then the value up to the end of the line.
    Pattern lines =
        headerNames.isEmpty()
            ? null
            : Pattern.compile("(?im)^([ \\t]*(?:" + names + ")[ \\t]*[:=][ \\t]*).*$");
    current = new Masking(lines, List.copyOf(secretValues));
  }

  /** text with every secret header value and secret string replaced by the mask. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    Masking m = current;
    String masked =
        m.headerLines() == null
            ? text
            : m.headerLines()
                .matcher(text)
                .replaceAll("$1" + Matcher.quoteReplacement(SettingsReader.MASK));
    for (String secret : m.values()) {
      masked = masked.replace(secret, SettingsReader.MASK);
    }
    return masked;
  }

  @Override
  public String convert(ILoggingEvent event) {
    return mask(super.convert(event));
  }
}
