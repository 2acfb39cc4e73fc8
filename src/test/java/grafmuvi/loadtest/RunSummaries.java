package grafmuvi.loadtest;

import grafmuvi.loadtest.results.BaselineGate;
import grafmuvi.loadtest.results.RunFolders;
import grafmuvi.loadtest.results.RunSummary;
import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.results.SummaryFormatException;
import grafmuvi.loadtest.results.SummaryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes summary.json, junit.xml and summary.md into this run's folder from the simulation's {@code
 * after()}: Gatling has closed simulation.log by then, and judges the same log with the same
 * validator right after. Only writes and prints: Gatling's exit status stays the verdict.
 */
final class RunSummaries {

  private final Settings settings;
  private final String simulation;
  private volatile long startedMillis;

  RunSummaries(Settings settings, String simulation) {
    this.settings = settings;
    this.simulation = simulation;
  }

  /** Called from before(): Gatling starts the run, and names its folder, right after. */
  void runStarts() {
    startedMillis = System.currentTimeMillis();
  }

  void write(
      Map<String, Object> injector,
      Optional<Map<String, Object>> capacity,
      Optional<Map<String, Object>> api) {
    if (settings.resultsFolder().isEmpty()) {
      System.out.println(
          "GrafMuvi results: no grafmuvi.results-folder set, so no summary.json, junit.xml,"
              + " summary.md");
      return;
    }
    Path results = settings.resultsFolder().get();
    Optional<Path> folder = RunFolders.find(results, simulation, startedMillis);
    if (folder.isEmpty()) {
      System.err.println(
          "GrafMuvi results: ERROR: no run folder of "
              + simulation
              + " started in "
              + results
              + " (is grafmuvi.results-folder Gatling's results folder?): no summary written");
      return;
    }
    try {
      RunFolders.writeLastRun(folder.get());
      Summary summary = RunSummary.of(folder.get(), facts(injector, capacity, api));
      List<Path> files = SummaryWriter.writeAll(summary, folder.get());
      if (summary.steadyState() != null) {
        System.out.println("GrafMuvi verdict: " + summary.steadyState().verdict());
      }
      if (summary.baseline() != null) {
        System.out.print(
            "GrafMuvi baseline "
                + summary.baseline().file()
                + ":\n"
                + BaselineGate.table(summary.baseline().rows()));
      }
      System.out.println("GrafMuvi results: " + files);
    } catch (SummaryFormatException | IOException | UncheckedIOException e) {
      System.err.println("GrafMuvi results: ERROR: " + e.getMessage() + ": no summary written");
    }
  }

  private RunSummary.Facts facts(
      Map<String, Object> injector,
      Optional<Map<String, Object>> capacity,
      Optional<Map<String, Object>> api) {
    Map<String, Object> sections = new LinkedHashMap<>();
    sections.put("injector", injector);
    capacity.ifPresent(c -> sections.put("capacity", c));
    api.ifPresent(a -> sections.put("embedded API", a));
    Optional<RunSummary.ClosedLoop> closedLoop =
        settings
            .workload()
            .match(
                l ->
                    Optional.of(
                        new RunSummary.ClosedLoop(
                            l.users(),
                            l.ramp(),
                            l.duration(),
                            l.pauseMin(),
                            l.pauseMax(),
                            settings.keptUpPercent(),
                            settings.thresholds().failedPercent())),
                s -> Optional.empty(),
                s -> Optional.empty());
    return new RunSummary.Facts(
        settings.describe(),
        settings.workloadDescription(),
        closedLoop,
        settings.baseline().map(b -> b.file().toString()),
        settings.tolerances(),
        Assertions.baselineRows(settings),
        sections);
  }
}
