package grafmuvi.loadtest.results;

import static grafmuvi.loadtest.testing.TestSettings.withProperties;
import static org.junit.jupiter.api.Assertions.*;

import grafmuvi.config.InvalidSettingsException;
import grafmuvi.loadtest.settings.Settings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A baseline file is read and checked with the settings, before any request. */
class BaselineTest {

  private static Optional<Baseline> baseline(String... keyValues) {
    return Baseline.of(withProperties(keyValues));
  }

  @Test
  void aBaselineIsReadAndCheckedBeforeAnyRequest(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    InvalidSettingsException absent =
        assertThrows(
            InvalidSettingsException.class,
            () -> baseline("grafmuvi.baseline", tmp.resolve("none.json").toString()));
    assertTrue(
        absent
            .getMessage()
            .contains("must be the summary.json of an earlier run: no readable file at"),
        absent.getMessage());

    java.nio.file.Path old = tmp.resolve("old.json");
    java.nio.file.Files.writeString(
        old, "{\"schema\":\"grafmuvi-gatling-summary/1\",\"global\":{\"count\":3}}");
    InvalidSettingsException oldSchema =
        assertThrows(
            InvalidSettingsException.class, () -> baseline("grafmuvi.baseline", old.toString()));
    assertTrue(oldSchema.getMessage().contains("record a new baseline"), oldSchema.getMessage());

    Settings smoke = withProperties("grafmuvi.profile", "smoke");
    Summary.Stats stats =
        new Summary.Stats("All Requests", 10, 10, 0, 0, 2.0, 1, 2, 3, 4, 5, 6, 2, 1, null);
    java.nio.file.Path baseline = tmp.resolve("summary.json");
    SummaryWriter.writeAll(
        new Summary(
            Summary.SCHEMA,
            "GrafMuviSimulation",
            "run",
            "3.16.0",
            null,
            null,
            1L,
            "passed",
            null,
            java.util.Map.of(),
            smoke.workloadDescription(),
            stats,
            java.util.List.of(stats),
            java.util.List.of(),
            java.util.List.of(),
            new Summary.Timeline(1, java.util.List.of()),
            null,
            null,
            null,
            null,
            java.util.Map.of()),
        tmp);

    Baseline held =
        baseline("grafmuvi.profile", "smoke", "grafmuvi.baseline", baseline.toString())
            .orElseThrow();
    assertEquals(baseline, held.file());
    assertEquals(
        7, held.limits().size(), "p95, p99, KO % of a request and of the run, and requests/s");

    InvalidSettingsException other =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                baseline(
                    "grafmuvi.profile",
                    "smoke",
                    "grafmuvi.users",
                    "7",
                    "grafmuvi.baseline",
                    baseline.toString()));
    assertTrue(
        other.getMessage().contains("ran another workload (users: 30 in the baseline, 7 now)"),
        other.getMessage());
    assertTrue(
        baseline(
                "grafmuvi.profile",
                "smoke",
                "grafmuvi.users",
                "7",
                "grafmuvi.baseline",
                baseline.toString(),
                "grafmuvi.tolerances.allow-other-workload",
                "true")
            .isPresent());
  }
}
