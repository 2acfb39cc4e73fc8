package grafmuvi.loadtest;

import grafmuvi.loadtest.testing.GatlingChild;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workload profiles, shortened, as real runs against the embedded API (child JVMs). */
class ProfilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A run with these settings; response-time ceilings are lifted: these tests are about shape. */
  private GatlingChild.Run run(String... keyValues) throws Exception {
    Map<String, String> props = new HashMap<>(Map.of(
        "grafmuvi.assertions.p95", "10s", "grafmuvi.assertions.p99", "10s",
        "grafmuvi.assertions.per-request.p95", "10s", "grafmuvi.assertions.per-request.p99", "10s"));
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return GatlingChild.run(GrafMuviSimulation.class, props, Files.createTempDirectory(tmp, "run"), Duration.ofSeconds(120));
  }

  private static JsonNode summary(GatlingChild.Run run) throws Exception {
    assertNotNull(run.runFolder(), run.output());
    return JSON.readTree(run.file("summary.json").toFile());
  }

  private static final String[] SHORT_CAPACITY = {
    "grafmuvi.profile", "capacity",
    "grafmuvi.profiles.capacity.start-rate", "20",
    "grafmuvi.profiles.capacity.step", "20",
    "grafmuvi.profiles.capacity.levels", "3",
    "grafmuvi.profiles.capacity.warm-up", "4s",
    "grafmuvi.profiles.capacity.level-duration", "3s",
    "grafmuvi.profiles.capacity.ramp-between", "1s",
    // the knee's own thresholds: the default p99 ceiling, 250 ms
    "grafmuvi.assertions.p95", "100ms", "grafmuvi.assertions.p99", "250ms"};

  @Test
  void capacityPrintsAKneeAndASlowedServerALowerOne() throws Exception {
    GatlingChild.Run fast = run(SHORT_CAPACITY);
    assertEquals(0, fast.exitCode(), fast.output());
    assertTrue(fast.output().contains("Knee: 60 users/s"), fast.output());
    JsonNode capacity = summary(fast).path("sections").path("capacity");
    assertEquals(60, capacity.path("kneeUsersPerSec").asInt(), capacity.toString());
    assertEquals(3, capacity.path("levels").size());
    assertTrue(capacity.path("levels").get(2).path("requests").asInt() >= 50, capacity.toString());

    String[] slowed = java.util.Arrays.copyOf(SHORT_CAPACITY, SHORT_CAPACITY.length + 2);
    slowed[SHORT_CAPACITY.length] = "grafmuvi.api.response-delay";
    slowed[SHORT_CAPACITY.length + 1] = "300ms"; // above the 250 ms p99 threshold at every level
    GatlingChild.Run slow = run(slowed);
    assertEquals(0, slow.exitCode(), slow.output());
    assertTrue(slow.output().contains("Knee: 0 users/s"), slow.output());
    assertEquals(0, summary(slow).path("sections").path("capacity").path("kneeUsersPerSec").asInt());
  }

  @Test
  void spikeSendsTheBaseRateTheBurstAndTheBaseRateAgain() throws Exception {
    GatlingChild.Run spike = run("grafmuvi.profile", "spike",
        "grafmuvi.profiles.spike.base-rate", "5", "grafmuvi.profiles.spike.peak-rate", "60",
        "grafmuvi.profiles.spike.before", "2s", "grafmuvi.profiles.spike.burst", "1s",
        "grafmuvi.profiles.spike.after", "2s");
    assertEquals(0, spike.exitCode(), spike.output());
    long count = summary(spike).path("global").path("count").asLong();
    assertTrue(count >= 75 && count <= 85, "5/s for 2 s, 60/s for 1 s, 5/s for 2 s = 80 requests, got " + count);
  }

  @Test
  void aDatasetRunAsksForHundredsOfDistinctMoviesAndPromotes() throws Exception {
    GatlingChild.Run dataset = run("grafmuvi.profile", "smoke", "grafmuvi.data", "dataset",
        "grafmuvi.users", "10", "grafmuvi.duration", "8s", "grafmuvi.pause.min", "10ms", "grafmuvi.pause.max", "30ms",
        "grafmuvi.mix.promote", "1", "grafmuvi.api.write-limit-count", "100000");
    assertEquals(0, dataset.exitCode(), dataset.output());
    JsonNode s = summary(dataset);
    JsonNode api = s.path("sections").path("embedded API");
    assertTrue(api.path("distinctMoviesServed").asInt() >= 200, api.toString());
    assertTrue(api.path("promotionsAccepted").asInt() > 0, api.toString());
    assertEquals(0, s.path("global").path("ko").asInt(), s.path("errors").toString());
  }
}
