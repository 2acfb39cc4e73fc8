package grafmuvi.loadtest.results;

import io.gatling.charts.stats.CountsVsTimePlot;
import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.Group;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.charts.stats.RequestStatsPath;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.commons.stats.assertion.AssertionPath;
import io.gatling.commons.stats.assertion.Condition;
import io.gatling.commons.util.GatlingVersion;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.stats.ErrorStats;
import io.gatling.shared.model.assertion.AssertionMessage;
import io.gatling.shared.model.assertion.AssertionResult;
import io.gatling.shared.model.assertion.AssertionValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A run's simulation.log read by Gatling's own reader ({@code LogFileReader}) and judged by
 * Gatling's own assertion validator: exactly what Gatling's console, report and exit status are
 * computed from. The only class of the project that touches Gatling internals (public in the 3.16.0
 * bytecode, not documented API); reading needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED},
 * which the Maven plugin's fork passes.
 */
public final class RunLog {

  private final Path runFolder;
  private final LogFileData data;

  private RunLog(Path runFolder, LogFileData data) {
    this.runFolder = runFolder;
    this.data = data;
  }

  /**
   * Reads runFolder/simulation.log; a {@link SummaryFormatException} naming the problem when it
   * can't.
   */
  public static RunLog read(Path runFolder) {
    Path log = runFolder.resolve("simulation.log");
    if (!Files.isRegularFile(log)) {
      throw new SummaryFormatException("no simulation.log in " + runFolder);
    }
    try {
      Path parent = runFolder.toAbsolutePath().getParent();
      String runId = runFolder.getFileName().toString();
      return new RunLog(
          runFolder, LogFileReader.apply(runId, parent, GatlingConfiguration.load()).read());
    } catch (AssertionError | RuntimeException e) {
      // Gatling asserts that the log was written by its own version ("...can't be parsed with
      // Gatling X").
      throw new SummaryFormatException(
          "cannot read " + log + " with Gatling " + gatlingVersion() + ": " + e.getMessage());
    }
  }

  /** The zone Gatling names run folders in (gatling.data.utcDateTime). */
  public static java.time.ZoneId zone() {
    return GatlingConfiguration.load().data().zoneId();
  }

  public static String gatlingVersion() {
    return GatlingVersion.ThisVersion().fullVersion();
  }

  public Path runFolder() {
    return runFolder;
  }

  public String simulationClass() {
    return data.runInfo().simulationClassName();
  }

  /** Epoch milliseconds of the first and last event. */
  public long injectStart() {
    return data.runInfo().injectStart();
  }

  public long injectEnd() {
    return data.runInfo().injectEnd();
  }

  /**
   * Separates a group's name from what it holds in a row's name: "level 2: 400 users/s / status".
   */
  public static final String GROUP_SEPARATOR = " / ";

  /**
   * Gatling's row of every request name, in Gatling's order; a request inside a group (a level of a
   * stair run) is named after its group too.
   */
  public List<Summary.Stats> requests() {
    List<Summary.Stats> out = new ArrayList<>();
    for (Object path : CollectionConverters.asJava(data.statsPaths())) {
      if (path instanceof RequestStatsPath r) {
        String name =
            r.group().isEmpty()
                ? r.request()
                : String.join(
                        GROUP_SEPARATOR, CollectionConverters.asJava(r.group().get().hierarchy()))
                    + GROUP_SEPARATOR
                    + r.request();
        out.add(stats(name, Option.apply(r.request()), r.group()));
      }
    }
    return out;
  }

  /** Gatling's console row of the whole run. */
  public Summary.Stats global() {
    return stats(Summary.ALL_REQUESTS, Option.empty(), Option.empty());
  }

  private Summary.Stats stats(String label, Option<String> name, Option<Group> group) {
    GeneralStats all = general(name, group, Option.empty());
    long ok = count(general(name, group, Option.apply(OK$.MODULE$)));
    long ko = count(general(name, group, Option.apply(KO$.MODULE$)));
    if (all == null) {
      return new Summary.Stats(
          label, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null, null);
    }
    return new Summary.Stats(
        label,
        all.count(),
        ok,
        ko,
        all.count() == 0 ? 0 : 100.0 * ko / all.count(),
        all.meanRequestsPerSec(),
        all.min(),
        percentile(all, 50),
        percentile(all, 75),
        percentile(all, 95),
        percentile(all, 99),
        all.max(),
        all.mean(),
        all.stdDev(),
        null);
  }

  /**
   * Gatling's own reports-only generation (what {@code -Dgatling.reportsOnly} runs): the HTML
   * report of runFolder from its simulation.log, whatever the log holds. Returns Gatling's status:
   * 0, or 2 when an assertion stored in the log failed.
   */
  public static int report(Path runFolder) {
    Path folder = runFolder.toAbsolutePath();
    return io.gatling.app.Gatling$.MODULE$.fromArgs(
        new String[] {
          "-ro", folder.getFileName().toString(), "-rf", folder.getParent().toString()
        });
  }

  /** Every error message with its count, most frequent first (Gatling's "Errors" table). */
  public List<Summary.ErrorCount> errors() {
    List<Summary.ErrorCount> out = new ArrayList<>();
    for (ErrorStats e : CollectionConverters.asJava(data.errors(Option.empty(), Option.empty()))) {
      out.add(
          new Summary.ErrorCount(
              e.message(),
              e.count(),
              e.percentage(),
              InjectorErrors.cause(e.message()) == null ? "target" : "injector"));
    }
    return out;
  }

  /** Requests per second over the run, as Gatling's report charts them. */
  public Summary.Timeline timeline() {
    List<Summary.Point> points = new ArrayList<>();
    List<CountsVsTimePlot> plots =
        CollectionConverters.asJava(data.numberOfRequestsPerSecond(Option.empty(), Option.empty()));
    int step = plots.size() < 2 ? 1000 : plots.get(1).time() - plots.get(0).time();
    for (CountsVsTimePlot p : plots) {
      points.add(new Summary.Point((p.time() - step / 2) / 1000, p.oks(), p.kos()));
    }
    return new Summary.Timeline(Math.max(1, Math.round(step / 1000f)), points);
  }

  /** A Gatling assertion as Gatling judged it, and the baseline limit it enforces (or null). */
  public record Judged(Summary.AssertionOutcome outcome, Limit limit) {}

  /**
   * The run's assertions (stored in simulation.log itself) judged by Gatling's validator, as
   * Gatling itself judges them right after; each baseline limit is matched to its own assertion by
   * the assertion itself (path, figure and condition), not by its message.
   */
  public List<Judged> assertions(List<Limit> limits) {
    Map<io.gatling.commons.stats.assertion.Assertion, Limit> byAssertion = new HashMap<>();
    limits.forEach(l -> byAssertion.put(l.assertion().asScala(), l));
    List<Judged> out = new ArrayList<>();
    AssertionValidator validator = new AssertionValidator(data);
    for (AssertionResult r :
        CollectionConverters.asJava(validator.validateAssertions(data.assertions()))) {
      io.gatling.commons.stats.assertion.Assertion a = r.assertion();
      String request =
          a.path() instanceof AssertionPath.Details d
              ? String.join(" / ", CollectionConverters.asJava(d.parts()))
              : null;
      Double actual =
          r instanceof AssertionResult.Resolved resolved ? resolved.actualValue() : null;
      String error = r instanceof AssertionResult.ResolutionError e ? e.error() : null;
      Limit limit = byAssertion.get(a);
      out.add(
          new Judged(
              new Summary.AssertionOutcome(
                  AssertionMessage.message(a),
                  request,
                  limit(a.condition()),
                  actual,
                  r.success(),
                  error,
                  limit == null ? "threshold" : "baseline"),
              limit));
    }
    return out;
  }

  private GeneralStats general(Option<String> request, Option<Group> group, Option<Status> status) {
    Option<GeneralStats> s = data.requestGeneralStats(request, group, status);
    return s.isDefined() ? s.get() : null;
  }

  private static long count(GeneralStats s) {
    return s == null ? 0 : s.count();
  }

  private static Integer percentile(GeneralStats s, double rank) {
    return (Integer) s.percentile().apply(rank);
  }

  private static Double limit(Condition c) {
    if (c instanceof Condition.Lte x) {
      return x.value();
    }
    if (c instanceof Condition.Lt x) {
      return x.value();
    }
    if (c instanceof Condition.Gte x) {
      return x.value();
    }
    if (c instanceof Condition.Gt x) {
      return x.value();
    }
    return c instanceof Condition.Is x ? x.value() : null;
  }
}
