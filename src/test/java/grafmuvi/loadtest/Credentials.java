package grafmuvi.loadtest;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The target's credentials on the protocol: the base URL's user-info as basic authentication, or
 * the token.
 */
final class Credentials {

  private Credentials() {}

  static HttpProtocolBuilder applied(HttpProtocolBuilder protocol, Settings.Secrets secrets) {
    if (secrets.userInfo() != null) {
      int colon = secrets.userInfo().indexOf(':');
      String user = colon < 0 ? secrets.userInfo() : secrets.userInfo().substring(0, colon);
      String password = colon < 0 ? "" : secrets.userInfo().substring(colon + 1);
      return protocol.basicAuth(decoded(user), decoded(password));
    }
    return secrets.token() == null
        ? protocol
        : protocol.authorizationHeader("Bearer " + secrets.token());
  }

  private static String decoded(String userInfoPart) {
    return URLDecoder.decode(userInfoPart.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
