package grafmuvi.loadtest.testing;

import com.typesafe.config.ConfigFactory;
import grafmuvi.loadtest.settings.Settings;
import java.util.HashMap;
import java.util.Map;

/** Settings as a simulation would read them, with these -D values (always strings). */
public final class TestSettings {

  private TestSettings() {}

  public static Settings withProperties(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.from(
        ConfigFactory.parseMap(props, "system properties")
            .withFallback(Settings.reference())
            .resolve());
  }
}
