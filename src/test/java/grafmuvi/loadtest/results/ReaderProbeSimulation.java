package grafmuvi.loadtest.results;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only simulation used by {@code RunResultsIT}: a fixed, known number of requests against a
 * loopback server started by the test. Each of {@code probe.users} users sends {@code status} twice,
 * {@code similar by id} once and {@code missing} once (the server answers 404, so it is KO).
 *
 * <p>System properties: {@code probe.baseUrl} (required), {@code probe.users} (default 5), {@code
 * probe.thresholds} (e.g. {@code global:failed-percent:50,status:p95:1000}), {@code probe.baseline}
 * (an earlier summary.json), {@code probe.workload} (a label put into the settings map).
 */
public class ReaderProbeSimulation extends Simulation {

  static final int REQUESTS_PER_USER_STATUS = 2;

  public ReaderProbeSimulation() {
    String baseUrl = System.getProperty("probe.baseUrl");
    if (baseUrl == null || !(baseUrl.startsWith("http://127.0.0.1:") || baseUrl.startsWith("http://localhost:"))) {
      throw new IllegalArgumentException("probe.baseUrl must be a loopback URL, got " + baseUrl);
    }
    int users = Integer.getInteger("probe.users", 5);

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("profile", System.getProperty("probe.workload", "probe"));
    settings.put("users", users);
    settings.put("target", baseUrl);
    settings.put("apiKey", "***");

    List<Threshold> thresholds = new ArrayList<>();
    String spec = System.getProperty("probe.thresholds", "");
    for (String part : spec.split(",")) {
      if (!part.isBlank()) {
        thresholds.add(Threshold.parse(part.trim()));
      }
    }
    String baseline = System.getProperty("probe.baseline");

    RunSpec runSpec =
        new RunSpec(
            "ReaderProbeSimulation",
            settings,
            thresholds,
            Tolerances.DEFAULTS,
            baseline == null || baseline.isBlank() ? null : Path.of(baseline));
    RunResults.afterReport(runSpec);

    HttpProtocolBuilder protocol = http.baseUrl(baseUrl).disableCaching().warmUp(baseUrl + "/status");

    ScenarioBuilder probe =
        scenario("probe")
            .exec(
                repeat(REQUESTS_PER_USER_STATUS)
                    .on(exec(http("status").get("/status").check(status().is(200)))),
                exec(http("similar by id").get("/api/id/tt0068646").check(status().is(200))),
                exec(http("missing").get("/missing").check(status().is(200))));

    setUp(probe.injectOpen(atOnceUsers(users)))
        .protocols(protocol)
        .assertions(runSpec.gatlingAssertions());
  }
}
