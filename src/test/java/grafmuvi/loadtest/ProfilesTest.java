package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.loadtest.testing.GatlingChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workload profiles, shortened, as real runs against the embedded API (child JVMs). */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class ProfilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A run with these settings; response-time ceilings are lifted: these tests are about shape. */
  private GatlingChild.Run run(String... keyValues) throws Exception {
    Map<String, String> props = GatlingChild.latencyNotJudged(Map.of());
    props = new HashMap<>(props);
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return GatlingChild.run(
        GrafMuviSimulation.class,
        props,
        Files.createTempDirectory(tmp, "run"),
        Duration.ofSeconds(120));
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
    "grafmuvi.profiles.capacity.ramp-between", "1s"
  };

  @Test
  void capacityClimbsGatlingsStairsWithEachLevelAGroupAndAVerdict() throws Exception {
    GatlingChild.Run fast = run(SHORT_CAPACITY);
    assertEquals(0, fast.exitCode(), fast.output());
    JsonNode summary = summary(fast);
    JsonNode levels = summary.path("levels");
    assertEquals(3, levels.size(), levels.toString());
    // 20, 40 and 60 users/s for 3 s each, as the recorder counted them in each level's window; on
    // a busy machine injection lags a little, never by a level.
    for (int level = 0; level < 3; level++) {
      JsonNode l = levels.get(level);
      int rate = 20 + 20 * level;
      assertEquals("level " + (level + 1) + ": " + rate + " users/s", l.path("name").asText());
      assertEquals(rate, l.path("limit").asDouble(), 1e-9, l.toString());
      assertTrue(
          l.path("requestsPerSecond").asDouble() > rate * 0.6
              && l.path("requestsPerSecond").asDouble() < rate * 1.4,
          l.toString());
      assertFalse(l.path("outcome").asText().isEmpty(), l.toString());
    }
    assertTrue(
        summary.path("answer").asText().startsWith("GrafMuvi "), summary.path("answer").asText());
    assertTrue(fast.output().contains("\n" + summary.path("answer").asText() + "\n"));
    // The levels are groups of Gatling's report: its rows are named after them.
    List<String> rows = new java.util.ArrayList<>();
    summary.path("requests").forEach(r -> rows.add(r.path("name").asText()));
    assertTrue(rows.contains("level 2: 40 users/s / status"), rows.toString());
    assertEquals(
        0,
        summary.path("assertions").size(),
        "a capacity run is read by its levels, not by assertions");
  }

  @Test
  void theUsersProfileClimbsLevelsOfLoopingUsersAndStopsAfterTheFirstThatFellBehind()
      throws Exception {
    // Every answer takes 300 ms more: with 0.5-1.5 s pauses the users can send at most 1/1.3 of
    // what they would, so the first level falls behind and the run stops there, long before its
    // planned 3 x 7 s.
    GatlingChild.Run slow =
        run(
            "grafmuvi.profile", "users",
            "grafmuvi.profiles.users.start", "10",
            "grafmuvi.profiles.users.step", "10",
            "grafmuvi.profiles.users.levels", "3",
            "grafmuvi.profiles.users.ramp", "2s",
            "grafmuvi.profiles.users.level-duration", "5s",
            "grafmuvi.profiles.users.pause.min", "500ms",
            "grafmuvi.profiles.users.pause.max", "1500ms",
            "grafmuvi.api.response-delay", "300ms");
    assertEquals(0, slow.exitCode(), "a users run is read by its answer:\n" + slow.output());
    JsonNode summary = summary(slow);
    JsonNode levels = summary.path("levels");
    assertEquals(1, levels.size(), levels.toString());
    JsonNode first = levels.get(0);
    assertEquals("level 1: 10 users", first.path("name").asText());
    assertEquals(10 / 1.0, first.path("limit").asDouble(), 1e-9);
    assertTrue(first.path("outcome").asText().startsWith("fell behind"), first.toString());
    assertTrue(
        summary
            .path("answer")
            .asText()
            .startsWith(
                "GrafMuvi did not keep up at the first level:" + " fell behind at 10 users ("),
        summary.path("answer").asText());
    assertTrue(
        summary.path("durationSeconds").asLong() < 14, summary.path("durationSeconds").toString());
    assertTrue(
        slow.output().contains("GrafMuvi: level 1: 10 users did not keep up: stopping the run"));
    assertTrue(summary.path("cutShort").isMissingNode(), "a planned stop is not an interruption");
  }

  @Test
  void aSpikeOfDatasetMoviesSendsBaseBurstBaseAndPromotes() throws Exception {
    GatlingChild.Run spike =
        run(
            "grafmuvi.profile",
            "spike",
            "grafmuvi.data",
            "dataset",
            "grafmuvi.api.graph",
            "dataset",
            "grafmuvi.profiles.spike.base-rate",
            "20",
            "grafmuvi.profiles.spike.peak-rate",
            "200",
            "grafmuvi.profiles.spike.before",
            "2s",
            "grafmuvi.profiles.spike.burst",
            "2s",
            "grafmuvi.profiles.spike.after",
            "2s",
            "grafmuvi.mix.promote",
            "1",
            "grafmuvi.api.write-limit-count",
            "100000");
    assertEquals(0, spike.exitCode(), spike.output());
    JsonNode s = summary(spike);
    long count = s.path("global").path("count").asLong();
    assertTrue(
        count >= 470 && count <= 490,
        "20/s for 2 s, 200/s for 2 s, 20/s for 2 s = 480 requests, got " + count);
    List<Integer> perSecond = new java.util.ArrayList<>();
    s.path("timeline")
        .path("points")
        .forEach(p -> perSecond.add(p.path("ok").asInt() + p.path("ko").asInt()));
    assertTrue(
        perSecond.stream().mapToInt(Integer::intValue).max().orElse(0) >= 150,
        "the burst: " + perSecond);
    JsonNode api = s.path("sections").path("embedded API");
    assertTrue(api.path("distinctMoviesServed").asInt() >= 150, api.toString());
    assertTrue(api.path("promotionsAccepted").asInt() > 0, api.toString());
    assertEquals(0, s.path("global").path("ko").asInt(), s.path("errors").toString());
  }
}
