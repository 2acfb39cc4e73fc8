package grafmuvi.loadtest.run;

import grafmuvi.loadtest.settings.Secrets;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The target's credentials on the protocol: the base URL's user-info as basic authentication, or
 * the token.
 */
public final class Credentials {

  private Credentials() {}

  public static HttpProtocolBuilder applied(HttpProtocolBuilder protocol, Secrets secrets) {
    if (secrets.userInfo().isPresent()) {
      String userInfo = secrets.userInfo().get();
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      String password = colon < 0 ? "" : userInfo.substring(colon + 1);
      return protocol.basicAuth(decoded(user), decoded(password));
    }
    return secrets.token().map(t -> protocol.authorizationHeader("Bearer " + t)).orElse(protocol);
  }

  private static String decoded(String userInfoPart) {
    return URLDecoder.decode(userInfoPart.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
