package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;
import java.util.List;

/**
 * The live page and /metrics (grafmuvi.live): whether they run, and where they listen.
 *
 * @param enabled whether the page runs ("auto": unless the environment variable CI is true)
 * @param host the address to listen on: loopback, or a host of grafmuvi.allowed-hosts
 * @param port the port; 0 picks a free one
 */
public record Live(boolean enabled, String host, int port) {

  static Live read(SettingsReader in, List<String> allowedHosts) {
    String enabled = in.oneOf("grafmuvi.live.enabled", List.of("auto", "true", "false"));
    String host = in.nonBlank("grafmuvi.live.host");
    Integer port = in.intBetween("grafmuvi.live.port", 0, 65_535);
    if (host != null && allowedHosts != null) {
      in.require(
          "grafmuvi.live.host",
          Target.isAllowed(host, allowedHosts),
          "must be a loopback address or a host in grafmuvi.allowed-hosts "
              + allowedHosts
              + ": the live page shows the settings and the target to whoever reaches it");
    }
    if (!SettingsReader.allRead(enabled, host, port)) {
      return null;
    }
    boolean on =
        enabled.equals("auto")
            ? !"true".equalsIgnoreCase(System.getenv("CI"))
            : enabled.equals("true");
    return new Live(on, host, port);
  }
}
