package grafmuvi.loadtest.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unbescape.html.HtmlEscape;

/**
 * Reads the numbers of a Gatling 3.16.0 HTML report.
 *
 * <p>In Gatling 3.16 the open-source report has no data file: {@code js/stats.js} is a static UI
 * script (the statistics-table modal), copied from the gatling-charts jar. The statistics, the
 * errors and the assertion outcomes exist only as HTML tables in {@code index.html}, written by
 * gatling-charts' GlobalStatsTableComponent (numbers formatted with DecimalFormat "###.##",
 * English symbols, "-" for none), ErrorsTableComponent and AssertionsTableComponent; the Gatling
 * version is in the SimulationCardComponent. This reader is pinned to that markup: it checks the
 * version the report states and fails with {@link ReportFormatException} on anything else.
 */
public final class ReportReader {

  /** The only Gatling version whose report markup this reader understands. */
  public static final String SUPPORTED_GATLING_VERSION = "3.16.0";

  /** What the report holds. */
  public record Report(
      String gatlingVersion,
      ZonedDateTime start,
      long durationSeconds,
      Summary.Stats global,
      List<Summary.Stats> requests,
      List<Summary.ErrorCount> errors,
      List<AssertionRow> assertions) {}

  /** One line of the report's assertion table: Gatling's own message and its OK/KO status. */
  public record AssertionRow(String message, boolean passed) {}

  private static final Pattern VERSION =
      Pattern.compile("<span class=\"simulation-information-label\">Version: </span>\\s*<span>([^<]*)</span>");
  private static final Pattern DATE =
      Pattern.compile("<span class=\"simulation-information-label\">Date: </span>\\s*<span>([^<]*)</span>");
  private static final Pattern DURATION =
      Pattern.compile("<span class=\"simulation-information-label\">Duration: </span>\\s*<span>([^<]*)</span>");
  private static final Pattern HEADER =
      Pattern.compile("<th id=\"col-(\\d+)\" class=\"header sortable[^\"]*\"><span>(.*?)</span></th>", Pattern.DOTALL);
  private static final Pattern ROW =
      Pattern.compile("<tr id=\"([^\"]*)\"\\s*(?:data-parent=\"([^\"]*)\")?>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern ROW_NAME = Pattern.compile("class=\"ellipsed-name\">(.*?)</span>", Pattern.DOTALL);
  private static final Pattern ROW_EXPAND = Pattern.compile("class=\"expand-button ?([^\"]*)\"");
  private static final Pattern CELL = Pattern.compile("<td class=\"value (?:total|ok|ko) col-(\\d+)\">([^<]*)</td>");
  private static final Pattern ERROR_ROW =
      Pattern.compile(
          "<td class=\"error-col-1 total ko\">(.*?)<span class=\"value\"[^>]*>\\d+</span></td>\\s*"
              + "<td class=\"value error-col-2 total ko\">(\\d+)</td>\\s*"
              + "<td class=\"value error-col-3 total ko\">([^<%]*)%</td>",
          Pattern.DOTALL);
  private static final Pattern ASSERTION_ROW =
      Pattern.compile(
          "<td class=\"error-col-1 (ok|ko) total\">(.*?)<span class=\"value\"[^>]*>\\d+</span>\\s*</td>\\s*"
              + "<td class=\"error-col-2 value (?:ok|ko) total\">(OK|KO)</td>",
          Pattern.DOTALL);
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)([dhms])");
  private static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss O");

  private ReportReader() {}

  /** Reads {@code runFolder/index.html}, after checking the report is complete. */
  public static Report read(Path runFolder) {
    if (!Files.isDirectory(runFolder)) {
      throw new ReportFormatException("no Gatling run folder at " + runFolder);
    }
    Path index = runFolder.resolve("index.html");
    Path statsJs = runFolder.resolve("js").resolve("stats.js");
    if (!Files.isRegularFile(index)) {
      throw new ReportFormatException(
          "no report in " + runFolder + ": index.html is missing (reports disabled, or the run crashed before"
              + " Gatling generated them)");
    }
    if (!Files.isRegularFile(statsJs)) {
      throw new ReportFormatException("incomplete report in " + runFolder + ": js/stats.js is missing");
    }
    String html;
    String js;
    try {
      html = Files.readString(index, StandardCharsets.UTF_8);
      js = Files.readString(statsJs, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ReportFormatException("cannot read the report in " + runFolder + ": " + e, e);
    }
    if (js.contains("var stats") || js.contains("\"contents\"")) {
      throw new ReportFormatException(
          runFolder.resolve("js/stats.js")
              + " holds statistics data: that is the pre-3.12 report format, not Gatling "
              + SUPPORTED_GATLING_VERSION
              + "'s, which this reader is pinned to");
    }
    return parse(html, runFolder.toString());
  }

  /** Parses the text of an index.html; {@code where} names it in error messages. */
  static Report parse(String html, String where) {
    String version = unescape(group1(VERSION, html, where, "the Gatling version"));
    if (!SUPPORTED_GATLING_VERSION.equals(version.trim())) {
      throw new ReportFormatException(
          "report in "
              + where
              + " was written by Gatling "
              + version
              + "; this summary reader is pinned to the report format of Gatling "
              + SUPPORTED_GATLING_VERSION
              + ": check the new format and update ReportReader");
    }
    ZonedDateTime start;
    String dateText = unescape(group1(DATE, html, where, "the run date"));
    try {
      start = ZonedDateTime.parse(dateText.trim(), DATE_FORMAT);
    } catch (DateTimeParseException e) {
      throw new ReportFormatException("unreadable run date '" + dateText + "' in " + where, e);
    }
    long duration = parseDuration(unescape(group1(DURATION, html, where, "the run duration")), where);

    int statsStart = html.indexOf("id=\"container_statistics_head\"");
    int bodyStart = html.indexOf("id=\"container_statistics_body\"");
    int statsEnd = bodyStart < 0 ? -1 : html.indexOf("</table>", bodyStart);
    if (statsStart < 0 || bodyStart < statsStart || statsEnd < 0) {
      throw new ReportFormatException("no statistics table in " + where + "/index.html");
    }
    Map<String, Integer> columns = columns(html.substring(statsStart, bodyStart), where);

    List<Summary.Stats> rows = new ArrayList<>();
    Map<String, String> groupNamesById = new HashMap<>();
    Matcher row = ROW.matcher(html.substring(statsStart, statsEnd));
    while (row.find()) {
      String id = row.group(1);
      String parent = row.group(2);
      String body = row.group(3);
      Matcher name = ROW_NAME.matcher(body);
      if (!name.find()) {
        throw new ReportFormatException("statistics row '" + id + "' without a name in " + where);
      }
      Matcher expand = ROW_EXPAND.matcher(body);
      boolean group = expand.find() && !expand.group(1).contains("hidden") && !"ROOT".equals(id);
      String rowName = unescape(name.group(1).trim());
      if (parent != null && !"ROOT".equals(parent) && groupNamesById.containsKey(parent)) {
        rowName = groupNamesById.get(parent) + " / " + rowName;
      }
      if (group) {
        groupNamesById.put(id, rowName);
      }
      rows.add(stats(rowName, group, body, columns, where));
    }
    if (rows.isEmpty()) {
      throw new ReportFormatException("statistics table without rows in " + where);
    }
    Summary.Stats global = rows.get(0);
    List<Summary.Stats> requests = List.copyOf(rows.subList(1, rows.size()));
    long sum = requests.stream().filter(s -> !Boolean.TRUE.equals(s.group())).mapToLong(Summary.Stats::count).sum();
    if (sum != global.count()) {
      throw new ReportFormatException(
          "inconsistent report in " + where + ": requests add up to " + sum + " but the global count is " + global.count());
    }

    List<Summary.ErrorCount> errors = new ArrayList<>();
    String errorsTable = table(html, "container_errors");
    if (errorsTable != null) {
      Matcher m = ERROR_ROW.matcher(errorsTable);
      while (m.find()) {
        errors.add(
            new Summary.ErrorCount(unescape(m.group(1).trim()), Long.parseLong(m.group(2)), number(m.group(3).trim(), where)));
      }
    }
    List<AssertionRow> assertions = new ArrayList<>();
    String assertionsTable = table(html, "container_assertions");
    if (assertionsTable != null) {
      Matcher m = ASSERTION_ROW.matcher(assertionsTable);
      while (m.find()) {
        assertions.add(new AssertionRow(unescape(m.group(2).trim()), "OK".equals(m.group(3))));
      }
      if (assertions.isEmpty()) {
        throw new ReportFormatException("unreadable assertions table in " + where);
      }
    }
    return new Report(version.trim(), start, duration, global, requests, List.copyOf(errors), List.copyOf(assertions));
  }

  private static Map<String, Integer> columns(String head, String where) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    Matcher h = HEADER.matcher(head);
    while (h.find()) {
      String title = h.group(2).replaceAll("<[^>]*>", "").trim();
      String key =
          switch (title) {
            case "Total" -> "count";
            case "OK" -> "ok";
            case "KO" -> "ko";
            case "% KO" -> "koPercent";
            case "Cnt/s" -> "meanRps";
            case "Min" -> "min";
            case "Max" -> "max";
            case "Mean" -> "mean";
            case "Std Dev" -> "stdDev";
            case "50th pct" -> "p50";
            case "75th pct" -> "p75";
            case "95th pct" -> "p95";
            case "99th pct" -> "p99";
            default -> null;
          };
      if (key != null) {
        columns.put(key, Integer.parseInt(h.group(1)));
      }
    }
    for (String key : List.of("count", "ok", "ko", "koPercent", "meanRps", "min", "p50", "p75", "p95", "p99", "max", "mean", "stdDev")) {
      if (!columns.containsKey(key)) {
        throw new ReportFormatException(
            "the statistics table in "
                + where
                + " has no '"
                + key
                + "' column (found "
                + columns.keySet()
                + "); the summary needs Gatling's default percentiles 50, 75, 95, 99"
                + " (gatling.charts.indicators.percentile1..4)");
      }
    }
    return columns;
  }

  private static Summary.Stats stats(String name, boolean group, String body, Map<String, Integer> columns, String where) {
    Map<Integer, String> cells = new HashMap<>();
    Matcher c = CELL.matcher(body);
    while (c.find()) {
      cells.put(Integer.parseInt(c.group(1)), c.group(2).trim());
    }
    java.util.function.Function<String, Double> value =
        key -> {
          String text = cells.get(columns.get(key));
          if (text == null) {
            throw new ReportFormatException("statistics row '" + name + "' has no '" + key + "' cell in " + where);
          }
          return "-".equals(text) ? null : number(text, where);
        };
    Double count = value.apply("count");
    Double ok = value.apply("ok");
    Double ko = value.apply("ko");
    Double koPercent = value.apply("koPercent");
    if (count == null || ok == null || ko == null || koPercent == null) {
      throw new ReportFormatException("statistics row '" + name + "' lacks counts in " + where);
    }
    if (count.longValue() != ok.longValue() + ko.longValue()) {
      throw new ReportFormatException("statistics row '" + name + "': OK + KO != total in " + where);
    }
    return new Summary.Stats(
        name,
        group ? Boolean.TRUE : null,
        count.longValue(),
        ok.longValue(),
        ko.longValue(),
        koPercent,
        value.apply("meanRps"),
        value.apply("min"),
        value.apply("p50"),
        value.apply("p75"),
        value.apply("p95"),
        value.apply("p99"),
        value.apply("max"),
        value.apply("mean"),
        value.apply("stdDev"));
  }

  private static double number(String text, String where) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ReportFormatException("unreadable number '" + text + "' in " + where, e);
    }
  }

  private static String table(String html, String id) {
    int start = html.indexOf("<table id=\"" + id + "\"");
    if (start < 0) {
      return null;
    }
    int end = html.indexOf("</table>", start);
    return end < 0 ? html.substring(start) : html.substring(start, end);
  }

  private static String group1(Pattern p, String html, String where, String what) {
    Matcher m = p.matcher(html);
    if (!m.find()) {
      throw new ReportFormatException(
          "cannot find " + what + " in " + where + "/index.html: not a Gatling " + SUPPORTED_GATLING_VERSION + " report");
    }
    return m.group(1);
  }

  static long parseDuration(String text, String where) {
    Matcher m = DURATION_PART.matcher(text);
    long seconds = 0;
    boolean any = false;
    while (m.find()) {
      any = true;
      long n = Long.parseLong(m.group(1));
      seconds +=
          switch (m.group(2)) {
            case "d" -> n * 86400;
            case "h" -> n * 3600;
            case "m" -> n * 60;
            default -> n;
          };
    }
    if (!any) {
      throw new ReportFormatException("unreadable run duration '" + text + "' in " + where);
    }
    return seconds;
  }

  /** Gatling escapes names and messages as HTML; unbescape (on Gatling's class path) reverses it. */
  static String unescape(String text) {
    return HtmlEscape.unescapeHtml(text);
  }
}
