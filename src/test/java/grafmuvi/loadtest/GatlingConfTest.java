package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Gatling's own settings that keep a run's traffic on its target. */
class GatlingConfTest {

  @Test
  void usageAnalyticsAreOff() {
    Config gatling = ConfigFactory.parseResources("gatling.conf");
    assertTrue(
        gatling.hasPath("gatling.data.enableAnalytics"),
        "src/test/resources/gatling.conf is missing");
    assertFalse(
        gatling.getBoolean("gatling.data.enableAnalytics"),
        "Gatling would send usage analytics off this machine");
  }
}
