package grafmuvi.loadtest.results;

import io.gatling.javaapi.core.Assertion;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link RunResults#afterReport(RunSpec)} needs to know about a run.
 *
 * @param simulationName the simulation class (simple or fully qualified name); its simple name,
 *     lower-cased as Gatling does, is the prefix of the run folder
 * @param settings the settings the run used, already masked (no secrets); copied into summary.json
 *     and used to warn when a baseline ran a different workload
 * @param thresholds the pass/fail thresholds; pass {@link #gatlingAssertions()} to {@code
 *     setUp(...).assertions(...)} so Gatling enforces exactly these
 * @param tolerances how much worse than the baseline is still a pass
 * @param baseline an earlier summary.json to compare with, or {@code null}
 */
public record RunSpec(
    String simulationName,
    Map<String, Object> settings,
    List<Threshold> thresholds,
    Tolerances tolerances,
    Path baseline) {

  public RunSpec {
    Objects.requireNonNull(simulationName, "simulationName");
    if (simulationName.isBlank()) {
      throw new IllegalArgumentException("simulationName must not be blank");
    }
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings == null ? Map.of() : settings));
    thresholds = List.copyOf(thresholds == null ? List.of() : thresholds);
    tolerances = tolerances == null ? Tolerances.DEFAULTS : tolerances;
  }

  /** The Gatling assertions equivalent to {@link #thresholds()}, in the same order. */
  public List<Assertion> gatlingAssertions() {
    return thresholds.stream().map(Threshold::toGatlingAssertion).toList();
  }

  /** Gatling's run-folder prefix: the simple class name, lower-cased, non [a-z0-9-] replaced by '-'. */
  String runFolderPrefix() {
    return simulationId(simulationName);
  }

  static String simulationId(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return java.text.Normalizer.normalize(simple, java.text.Normalizer.Form.NFD)
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("\\p{InCombiningDiacriticalMarks}+", "-")
        .replaceAll("[^a-zA-Z0-9\\-]", "-");
  }
}
