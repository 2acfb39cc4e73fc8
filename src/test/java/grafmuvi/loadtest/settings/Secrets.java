package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What is kept out of everything the run writes down: the values of these headers, the token, the
 * user-info of the base URL (sent as basic authentication).
 *
 * @param headers request and response headers whose values are masked
 * @param token a bearer token sent with every request, if any
 * @param userInfo the base URL's "user:password", if any
 */
public record Secrets(List<String> headers, Optional<String> token, Optional<String> userInfo) {

  /** What a secret is replaced with. */
  public static final String MASK = SettingsReader.MASK;

  static Secrets read(SettingsReader in, Target target) {
    List<String> headers = in.stringList("grafmuvi.secrets.headers");
    Optional<String> token = Optional.ofNullable(in.optionalString("grafmuvi.secrets.token"));
    Optional<String> userInfo = target == null ? Optional.empty() : target.userInfo();
    if (token.isPresent() && userInfo.isPresent()) {
      in.refuse(
          "grafmuvi.secrets.token and the user-info of grafmuvi.base-url both authenticate the"
              + " requests; give one");
    }
    return headers == null ? null : new Secrets(headers, token, userInfo);
  }

  /** The secret strings themselves (the password alone too), to mask wherever they might appear. */
  public List<String> values() {
    return Stream.of(
            token,
            userInfo,
            userInfo.filter(u -> u.contains(":")).map(u -> u.substring(u.indexOf(':') + 1)))
        .flatMap(Optional::stream)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  @Override
  public String toString() {
    return "Secrets[headers="
        + headers
        + ", token="
        + (token.isPresent() ? MASK : "none")
        + (userInfo.isPresent() ? ", url user-info=" + MASK : "")
        + "]";
  }
}
