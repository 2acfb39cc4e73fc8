package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the load goes (grafmuvi.base-url): the embedded API, or a deployment whose host is in
 * grafmuvi.allowed-hosts, so that load is never aimed somewhere by accident.
 *
 * @param url the deployment's URL as given (user-info included); empty for the embedded API
 * @param allowedHosts the hosts a URL may name; {@value #LOOPBACK} stands for localhost, 127/8, ::1
 */
public record Target(Optional<URI> url, List<String> allowedHosts) {

  /** The value of grafmuvi.base-url that starts the bundled API for the run. */
  public static final String EMBEDDED = "embedded";

  /** The value of grafmuvi.allowed-hosts that stands for localhost, 127.0.0.0/8 and ::1. */
  public static final String LOOPBACK = "loopback";

  private static final String KEY = "grafmuvi.base-url";
  private static final Set<String> SCHEMES = Set.of("http", "https");

  /**
   * Reads grafmuvi.base-url (a name under grafmuvi.targets stands for its URL); null if refused.
   */
  static Target read(SettingsReader in) {
    List<String> allowed = in.stringList("grafmuvi.allowed-hosts");
    String value = in.string(KEY);
    if (value == null) {
      return null;
    }
    String named = "grafmuvi.targets." + Profiles.quoted(value);
    if (in.config().hasPath(named)) {
      value = in.string(named);
    }
    if (EMBEDDED.equals(value)) {
      return allowed == null ? null : new Target(Optional.empty(), allowed);
    }
    URI uri = httpUrl(value);
    if (!in.require(
        KEY,
        uri != null,
        "must be \""
            + EMBEDDED
            + "\", a name under grafmuvi.targets "
            + in.config().getObject("grafmuvi.targets").keySet()
            + " or an absolute http(s) URL with a port from 1 to 65535, such as"
            + " http://localhost:8082")) {
      return null;
    }
    if (allowed == null) {
      return null;
    }
    String host = uri.getHost();
    boolean ok =
        in.require(
            KEY,
            isAllowed(host, allowed),
            "its host "
                + host
                + " is not in grafmuvi.allowed-hosts "
                + allowed
                + "; to load-test it, allow it with -Dgrafmuvi.allowed-hosts="
                + String.join(",", allowed)
                + ","
                + host
                + " (or GRAFMUVI_ALLOWED_HOSTS)");
    return ok ? new Target(Optional.of(uri), allowed) : null;
  }

  public boolean embedded() {
    return url.isEmpty();
  }

  /** The URL requests go to, without user-info or a trailing slash; "embedded" for the API. */
  public String baseUrl() {
    return url.map(Target::withoutUserInfo).orElse(EMBEDDED);
  }

  /** The URL's user-info ("user:password"), sent as basic authentication. */
  public Optional<String> userInfo() {
    return url.map(URI::getRawUserInfo);
  }

  /** The target as printed: the URL with its user-info masked, or "embedded". */
  public String label() {
    return userInfo().isPresent()
        ? baseUrl().replaceFirst("://", "://" + SettingsReader.MASK + "@")
        : baseUrl();
  }

  /** Whether host is one of allowed, "loopback" standing for localhost, 127.0.0.0/8 and ::1. */
  public static boolean isAllowed(String host, List<String> allowed) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    for (String entry : allowed) {
      if (entry.equalsIgnoreCase(bare) || (LOOPBACK.equalsIgnoreCase(entry) && isLoopback(bare))) {
        return true;
      }
    }
    return false;
  }

  /** An absolute http(s) URL with a host, a valid port and no query or fragment; else null. */
  private static URI httpUrl(String value) {
    try {
      URI uri = new URI(value);
      boolean ok =
          uri.getScheme() != null
              && SCHEMES.contains(uri.getScheme().toLowerCase())
              && uri.getHost() != null
              && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65_535))
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null;
      return ok ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String withoutUserInfo(URI uri) {
    String authority = uri.getRawAuthority();
    String s =
        uri.getScheme()
            + "://"
            + authority.substring(authority.indexOf('@') + 1)
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
    return s.replaceAll("/+$", "");
  }

  /** localhost or a loopback address literal; never a DNS lookup. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
