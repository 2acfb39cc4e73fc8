package grafmuvi.loadtest.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Writes summary.json, junit.xml and summary.md into a Gatling run folder once Gatling has written
 * its HTML report, compares with a baseline, and fails the run on a breach.
 *
 * <p>Why a JVM shutdown hook: in Gatling 3.16, {@code io.gatling.app.Runner.run()} calls the
 * simulation's {@code after()} hook <em>before</em> {@code RunResultProcessor} reads
 * simulation.log, evaluates the assertions and generates the report, so {@code after()} is too
 * early. {@code io.gatling.app.Gatling.main} ends with {@code sys.exit(fromArgs(args))}, i.e. {@code
 * System.exit(0 | 2)} after the report is written, which runs the JVM's shutdown hooks; a hook can
 * then read the report and replace the exit status with {@code Runtime.halt(status)}. The
 * gatling-maven-plugin forks exactly that main class, maps exit status 2 to "assertions failed" and
 * any other non-zero status to "Gatling failed"; lastRun.txt is written by the plugin, after the
 * fork ended and only with failOnError=false, so it cannot be used from inside the run.
 *
 * <p>Exit status: unchanged when everything passed, or when Gatling already fails the run with 2.
 * 2 when a threshold not enforced by Gatling failed or the baseline comparison regressed; 1 when the
 * report can't be read or a requested baseline can't be read.
 */
public final class RunResults {

  /** Exit status for a failed threshold or a baseline regression (Gatling's "assertions failed"). */
  public static final int EXIT_FAILED = 2;
  /** Exit status when the results can't be produced. */
  public static final int EXIT_ERROR = 1;

  /** Exit status of a run refused before any request: a setting (or the data it names) is invalid. */
  public static final int EXIT_INVALID_SETTINGS = 3;

  private static final String PREFIX = "[results] ";
  private static final String GATLING_MAIN = "io.gatling.app.Gatling";
  private static final Map<String, Supplier<?>> SECTIONS = Collections.synchronizedMap(new LinkedHashMap<>());
  private static volatile Registration registration;

  private RunResults() {}

  private record Registration(RunSpec spec, long startedMillis, Thread hook) {}

  /**
   * The one entry point: call from the simulation's constructor. Registers (once per JVM; a later
   * call replaces the spec) a shutdown hook that runs after Gatling generated the report. Outside a
   * JVM started with main class io.gatling.app.Gatling (e.g. a unit test that merely instantiates
   * the simulation) it does nothing, unless {@code -Dgrafmuvi.results.force=true}.
   */
  public static synchronized void afterReport(RunSpec spec) {
    Objects.requireNonNull(spec, "spec");
    long now = System.currentTimeMillis();
    String command = System.getProperty("sun.java.command", "");
    if (!inGatlingRun() && !Boolean.getBoolean("grafmuvi.results.force")) {
      System.out.println(
          PREFIX + "not a JVM started for io.gatling.app.Gatling (" + command.split(" ")[0]
              + "): summary.json/junit.xml/summary.md not scheduled");
      return;
    }
    String runtimeVersion = gatlingVersion();
    if (runtimeVersion != null && !ReportReader.SUPPORTED_GATLING_VERSION.equals(runtimeVersion)) {
      System.err.println(
          PREFIX + "WARNING: Gatling " + runtimeVersion + " is on the classpath; the report reader is pinned to "
              + ReportReader.SUPPORTED_GATLING_VERSION + " and will refuse the report");
    }
    if (registration != null) {
      registration = new Registration(spec, registration.startedMillis(), registration.hook());
      return;
    }
    Thread hook = new Thread(RunResults::onExit, "grafmuvi-results");
    registration = new Registration(spec, now, hook);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Adds (or replaces) an extra summary.json section, computed when the summary is written, e.g.
   * {@code addSection("injector", () -> Map.of("peakCpu", 0.8))}. The value is serialised with
   * Jackson; a supplier that throws yields {@code {"error": "..."}}.
   */
  public static void addSection(String name, Supplier<?> supplier) {
    SECTIONS.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(supplier, "supplier"));
  }

  /** Removes a section added with {@link #addSection}. */
  public static void removeSection(String name) {
    SECTIONS.remove(name);
  }

  /** What {@link #summarize} produced. */
  public record Outcome(
      Summary summary,
      Optional<Comparison.Result> comparison,
      List<Path> files,
      boolean gatlingFailedAlready,
      Optional<String> baselineError) {}

  /**
   * Reads the report in {@code runFolder}, builds the summary (and the baseline comparison when
   * the spec has a baseline) and writes the three files. Throws {@link ReportFormatException} when
   * the report (or the baseline) can't be read: then nothing is written.
   */
  public static Outcome summarize(RunSpec spec, Path runFolder) throws IOException {
    ReportReader.Report report = ReportReader.read(runFolder);
    Summary summary = build(spec, runFolder.getFileName().toString(), report, sections(), null);
    Comparison.Result comparison = null;
    String baselineError = null;
    if (spec.baseline() != null) {
      try {
        Summary baseline = SummaryWriter.read(spec.baseline());
        comparison = Comparison.compare(baseline, summary, spec.tolerances());
        summary = withComparison(summary, comparison.toSummary(spec.baseline().toString()));
      } catch (ReportFormatException e) {
        // The run's own numbers are whole: keep them, and record that the comparison could not run.
        baselineError = e.getMessage();
        summary = withComparison(summary,
            new Summary.ComparisonResult(spec.baseline().toString(), false, List.of("baseline unreadable: " + baselineError), List.of()));
      }
    }
    List<Path> files = SummaryWriter.writeAll(summary, runFolder);
    boolean gatlingFailed = report.assertions().stream().anyMatch(a -> !a.passed());
    return new Outcome(summary, Optional.ofNullable(comparison), files, gatlingFailed, Optional.ofNullable(baselineError));
  }

  // ------------------------------------------------------------------ the hook

  private static void onExit() {
    Registration reg = registration;
    if (reg == null) {
      return;
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    int status = 0;
    try {
      List<String> args = commandArgs();
      if (args.contains("-nr") || args.contains("--no-reports")) {
        out.println(PREFIX + "reports disabled (-nr): no summary written");
        return;
      }
      Path root = resultsRoot(args);
      String prefix = RunSpec.simulationId(simulationClass(args).orElse(reg.spec().simulationName())) + "-";
      Path folder = findRunFolder(root, prefix, reg.startedMillis());
      Outcome outcome = summarize(reg.spec(), folder);
      out.println();
      outcome.comparison().ifPresent(c -> out.print(Comparison.table(c, reg.spec().baseline().toString())));
      for (Summary.AssertionOutcome a : outcome.summary().assertions()) {
        if (!a.passed() && "evaluated".equals(a.source())) {
          out.println(PREFIX + "threshold failed: " + a.message() + " : false (actual : " + Fmt.num(a.actual()) + ")");
        }
      }
      out.println(PREFIX + "wrote " + String.join(", ", outcome.files().stream().map(p -> p.getFileName().toString()).toList())
          + " to " + folder);
      if (outcome.baselineError().isPresent()) {
        err.println(PREFIX + "ERROR: cannot compare with the baseline: " + outcome.baselineError().get());
        status = outcome.gatlingFailedAlready() ? 0 : EXIT_ERROR;
      } else if (!outcome.summary().passed() && !outcome.gatlingFailedAlready()) {
        out.println(PREFIX + "FAILED: " + failureReason(outcome) + " (exit status " + EXIT_FAILED + ")");
        status = EXIT_FAILED;
      } else if (!outcome.summary().passed()) {
        out.println(PREFIX + "FAILED: " + failureReason(outcome));
      }
    } catch (ReportFormatException e) {
      err.println(PREFIX + "ERROR: " + e.getMessage());
      err.println(PREFIX + "no summary.json / junit.xml / summary.md written (exit status " + EXIT_ERROR + ")");
      status = EXIT_ERROR;
    } catch (Throwable t) {
      err.println(PREFIX + "ERROR: results processing failed: " + t);
      t.printStackTrace(err);
      status = EXIT_ERROR;
    } finally {
      out.flush();
      err.flush();
    }
    if (status != 0) {
      Runtime.getRuntime().halt(status);
    }
  }

  private static String failureReason(Outcome outcome) {
    List<String> reasons = new ArrayList<>();
    long failed = outcome.summary().assertions().stream().filter(a -> !a.passed()).count();
    if (failed > 0) {
      reasons.add(failed + " assertion(s) failed");
    }
    outcome.comparison().filter(c -> !c.passed()).ifPresent(c -> reasons.add(c.regressions().size() + " regression(s) against the baseline"));
    return String.join(", ", reasons);
  }

  /** Whether this JVM is a Gatling run (and not, say, a unit test building a simulation). */
  public static boolean inGatlingRun() {
    return isGatlingMain(System.getProperty("sun.java.command", ""));
  }

  /**
   * Whether this JVM runs io.gatling.app.Gatling: directly ({@code java -cp … io.gatling.app.Gatling
   * -s … -rf …}) or through the gatling-maven-plugin's booter jar, whose ForkMain gets the main class
   * as its argument ({@code sun.java.command} = "/tmp/gatlingbooterNNN.jar io.gatling.app.Gatling").
   */
  static boolean isGatlingMain(String command) {
    return List.of(command.trim().split(" +")).contains(GATLING_MAIN);
  }

  /**
   * Gatling's command-line arguments: those after the main class in {@code sun.java.command}, or,
   * when the maven plugin's booter jar started the JVM, the lines of its META-INF/args.txt (the
   * plugin's ForkMain reads the real arguments from there).
   */
  static List<String> commandArgs() {
    List<String> parts = List.of(System.getProperty("sun.java.command", "").trim().split(" +"));
    int main = parts.indexOf(GATLING_MAIN);
    if (main >= 0 && main < parts.size() - 1) {
      return parts.subList(main + 1, parts.size());
    }
    try (var in = ClassLoader.getSystemClassLoader().getResourceAsStream("META-INF/args.txt")) {
      if (in != null) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::trim)
            .filter(l -> !l.isEmpty()).toList();
      }
    } catch (IOException e) {
      // fall back to the defaults of resultsRoot()
    }
    return List.of();
  }

  private static Optional<String> simulationClass(List<String> args) {
    return option(args, "-s", "--simulation");
  }

  private static Optional<String> option(List<String> args, String shortName, String longName) {
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals(shortName) || args.get(i).equals(longName)) {
        // A value with spaces was split by sun.java.command: rejoin up to the next option.
        StringBuilder value = new StringBuilder(args.get(i + 1));
        for (int j = i + 2; j < args.size() && !args.get(j).startsWith("-"); j++) {
          value.append(' ').append(args.get(j));
        }
        return Optional.of(value.toString());
      }
    }
    return Optional.empty();
  }

  /**
   * The results directory: Gatling's {@code -rf} argument (the maven plugin always passes its
   * resultsFolder, default target/gatling), else {@code -Dgatling.core.directory.results}, else
   * target/gatling under the working directory.
   */
  static Path resultsRoot(List<String> args) {
    Optional<String> rf = option(args, "-rf", "--results-folder");
    if (rf.isPresent()) {
      return Path.of(rf.get());
    }
    String prop = System.getProperty("gatling.core.directory.results");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return Path.of("target", "gatling").toAbsolutePath();
  }

  /**
   * The newest folder under {@code root} whose name is {@code prefix} + Gatling's numeric
   * timestamp and that was created after the run started (2 s slack for coarse file times).
   */
  static Path findRunFolder(Path root, String prefix, long startedMillis) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new ReportFormatException("results directory " + root + " does not exist: no run folder to summarise");
    }
    try (Stream<Path> children = Files.list(root)) {
      List<Path> candidates =
          children
              .filter(Files::isDirectory)
              .filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d{8,}");
              })
              .filter(p -> createdMillis(p) >= startedMillis - 2000)
              .sorted()
              .toList();
      if (candidates.isEmpty()) {
        throw new ReportFormatException(
            "no run folder " + prefix + "<timestamp> created by this run under " + root + " (the run crashed before writing"
                + " results?)");
      }
      return candidates.get(candidates.size() - 1);
    }
  }

  private static long createdMillis(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return Math.max(a.creationTime().toMillis(), 0) == 0 ? a.lastModifiedTime().toMillis() : a.creationTime().toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String gatlingVersion() {
    try {
      Package p = Class.forName(GATLING_MAIN).getPackage();
      return p == null ? null : p.getImplementationVersion();
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ building the summary

  static Map<String, Object> sections() {
    Map<String, Object> result = new LinkedHashMap<>();
    List<Map.Entry<String, Supplier<?>>> entries;
    synchronized (SECTIONS) {
      entries = new ArrayList<>(SECTIONS.entrySet());
    }
    for (Map.Entry<String, Supplier<?>> e : entries) {
      try {
        result.put(e.getKey(), e.getValue().get());
      } catch (RuntimeException ex) {
        result.put(e.getKey(), Map.of("error", String.valueOf(ex)));
      }
    }
    return result;
  }

  static Summary build(
      RunSpec spec, String runFolder, ReportReader.Report report, Map<String, Object> sections, Summary.ComparisonResult comparison) {
    List<Summary.AssertionOutcome> assertions = assertions(spec.thresholds(), report);
    boolean passed = assertions.stream().allMatch(Summary.AssertionOutcome::passed) && (comparison == null || comparison.passed());
    var start = report.start().withZoneSameInstant(ZoneOffset.UTC);
    return new Summary(
        Summary.SCHEMA,
        spec.simulationName(),
        runFolder,
        report.gatlingVersion(),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.plusSeconds(report.durationSeconds())),
        report.durationSeconds(),
        passed ? "passed" : "failed",
        spec.settings(),
        report.global(),
        report.requests(),
        assertions,
        report.errors(),
        sections == null || sections.isEmpty() ? null : sections,
        comparison);
  }

  static Summary withComparison(Summary s, Summary.ComparisonResult c) {
    boolean passed = s.passed() && c.passed();
    return new Summary(s.schema(), s.simulation(), s.runFolder(), s.gatlingVersion(), s.start(), s.end(), s.durationSeconds(),
        passed ? "passed" : "failed", s.settings(), s.global(), s.requests(), s.assertions(), s.errors(), s.sections(), c);
  }

  /**
   * Gatling's assertion table gives each assertion's message and OK/KO; a threshold is matched to
   * its row by message. A threshold Gatling did not evaluate (not passed to setUp().assertions) is
   * evaluated here against the report's numbers, with Gatling's message wording.
   */
  static List<Summary.AssertionOutcome> assertions(List<Threshold> thresholds, ReportReader.Report report) {
    List<Summary.AssertionOutcome> out = new ArrayList<>();
    List<Threshold> pending = new ArrayList<>(thresholds);
    for (ReportReader.AssertionRow row : report.assertions()) {
      Threshold match = pending.stream().filter(t -> t.gatlingMessage().equals(row.message())).findFirst().orElse(null);
      if (match != null) {
        pending.remove(match);
        out.add(new Summary.AssertionOutcome(row.message(), match.scope(), match.metric().id(), match.limit(),
            actual(match, report), row.passed(), "gatling"));
      } else {
        out.add(new Summary.AssertionOutcome(row.message(), null, null, null, null, row.passed(), "gatling"));
      }
    }
    for (Threshold t : pending) {
      Double actual = actual(t, report);
      out.add(new Summary.AssertionOutcome(t.gatlingMessage(), t.scope(), t.metric().id(), t.limit(), actual,
          actual != null && actual <= t.limit(), "evaluated"));
    }
    return out;
  }

  static Double actual(Threshold t, ReportReader.Report report) {
    Summary.Stats stats =
        t.isGlobal()
            ? report.global()
            : report.requests().stream().filter(r -> r.name().equals(t.scope())).findFirst().orElse(null);
    if (stats == null) {
      return null;
    }
    return switch (t.metric()) {
      case FAILED_PERCENT -> stats.koPercent();
      case P95 -> stats.p95();
      case P99 -> stats.p99();
    };
  }
}
