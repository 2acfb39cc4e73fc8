package grafmuvi.loadtest.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link Summary} as summary.json, junit.xml and summary.md, and reads summary.json. */
public final class SummaryWriter {

  public static final String JSON = "summary.json";
  public static final String JUNIT = "junit.xml";
  public static final String MARKDOWN = "summary.md";

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private SummaryWriter() {}

  /**
   * Writes the three files into {@code folder}: each to a temporary file first, then moved in
   * place, so a failure never leaves a partial file behind under the final name.
   */
  public static List<Path> writeAll(Summary summary, Path folder) throws IOException {
    Map<String, String> contents = new LinkedHashMap<>();
    contents.put(JSON, json(summary));
    contents.put(JUNIT, junit(summary));
    contents.put(MARKDOWN, markdown(summary));
    List<Path> temps = new ArrayList<>();
    try {
      for (Map.Entry<String, String> e : contents.entrySet()) {
        Path tmp = folder.resolve("." + e.getKey() + ".tmp");
        Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
        temps.add(tmp);
      }
      List<Path> written = new ArrayList<>();
      for (Path tmp : temps) {
        Path target = folder.resolve(tmp.getFileName().toString().substring(1).replaceFirst("\\.tmp$", ""));
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException ex) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        written.add(target);
      }
      return written;
    } finally {
      for (Path tmp : temps) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  public static String json(Summary summary) throws IOException {
    return MAPPER.writeValueAsString(summary) + "\n";
  }

  /** Reads a summary.json; a clear {@link ReportFormatException} when it is not one. */
  public static Summary read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ReportFormatException("no summary file at " + file);
    }
    Summary s;
    try {
      s = MAPPER.readValue(file.toFile(), Summary.class);
    } catch (IOException e) {
      throw new ReportFormatException("unreadable summary file " + file + ": " + e.getMessage(), e);
    }
    if (s == null || !Summary.SCHEMA.equals(s.schema()) || s.global() == null) {
      throw new ReportFormatException(
          file + " is not a summary.json of schema " + Summary.SCHEMA + " (schema " + (s == null ? null : s.schema()) + ")");
    }
    return s;
  }

  // ---------------------------------------------------------------- JUnit XML

  /**
   * One test suite "assertions" with a test case per assertion (the failure message is Gatling's
   * assertion message), and, with a baseline, a suite "baseline" with a test case per compared
   * request and metric.
   */
  public static String junit(Summary s) {
    List<Summary.AssertionOutcome> assertions = s.assertions() == null ? List.of() : s.assertions();
    long assertionFailures = assertions.stream().filter(a -> !a.passed()).count();
    List<Comparison.Row> rows =
        s.comparison() == null
            ? List.of()
            : s.comparison().rows().stream().filter(r -> !Comparison.NOT_COMPARED.equals(r.verdict())).toList();
    long comparisonFailures = rows.stream().filter(Comparison.Row::regressed).count();
    String time = s.durationSeconds() == null ? "0" : String.valueOf(s.durationSeconds());
    String cls = "gatling." + s.simulation();

    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuites name=\"").append(attr(s.simulation())).append("\" tests=\"").append(assertions.size() + rows.size())
        .append("\" failures=\"").append(assertionFailures + comparisonFailures).append("\" errors=\"0\" time=\"").append(time).append("\">\n");
    sb.append("  <testsuite name=\"").append(attr(cls + ".assertions")).append("\" tests=\"").append(assertions.size())
        .append("\" failures=\"").append(assertionFailures).append("\" errors=\"0\" skipped=\"0\" time=\"").append(time).append('"');
    if (s.start() != null) {
      sb.append(" timestamp=\"").append(attr(s.start())).append('"');
    }
    sb.append(">\n");
    sb.append("    <properties>\n");
    sb.append("      <property name=\"runFolder\" value=\"").append(attr(s.runFolder())).append("\"/>\n");
    sb.append("      <property name=\"gatlingVersion\" value=\"").append(attr(s.gatlingVersion())).append("\"/>\n");
    if (s.settings() != null) {
      for (Map.Entry<String, Object> e : s.settings().entrySet()) {
        sb.append("      <property name=\"settings.").append(attr(e.getKey())).append("\" value=\"")
            .append(attr(String.valueOf(e.getValue()))).append("\"/>\n");
      }
    }
    sb.append("    </properties>\n");
    for (Summary.AssertionOutcome a : assertions) {
      sb.append("    <testcase classname=\"").append(attr(cls + ".assertions")).append("\" name=\"").append(attr(a.message()))
          .append("\" time=\"0\"");
      if (a.passed()) {
        sb.append("/>\n");
      } else {
        sb.append(">\n      <failure type=\"GatlingAssertionFailed\" message=\"").append(attr(a.message())).append("\">")
            .append(text(a.message() + " : false (actual : " + (a.actual() == null ? "unknown" : String.valueOf(a.actual())) + ")"))
            .append("</failure>\n    </testcase>\n");
      }
    }
    sb.append("  </testsuite>\n");
    if (s.comparison() != null) {
      sb.append("  <testsuite name=\"").append(attr(cls + ".baseline")).append("\" tests=\"").append(rows.size())
          .append("\" failures=\"").append(comparisonFailures).append("\" errors=\"0\" skipped=\"0\" time=\"0\">\n");
      for (Comparison.Row r : rows) {
        String name = r.request() + " " + r.metric() + " vs baseline (tolerance " + r.tolerance() + ")";
        sb.append("    <testcase classname=\"").append(attr(cls + ".baseline")).append("\" name=\"").append(attr(name))
            .append("\" time=\"0\"");
        if (!r.regressed()) {
          sb.append("/>\n");
        } else {
          String msg = r.request() + " " + r.metric() + " regressed: baseline " + Fmt.num(r.baseline()) + ", this run "
              + Fmt.num(r.current()) + " (" + r.delta() + ", tolerance " + r.tolerance() + ")";
          sb.append(">\n      <failure type=\"BaselineRegression\" message=\"").append(attr(msg)).append("\">")
              .append(text(msg)).append("</failure>\n    </testcase>\n");
        }
      }
      sb.append("  </testsuite>\n");
    }
    sb.append("</testsuites>\n");
    return sb.toString();
  }

  private static String attr(String s) {
    return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
  }

  private static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            sb.append('?');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- Markdown

  public static String markdown(Summary s) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Gatling ").append(md(s.simulation())).append(": ").append(s.passed() ? "✅ passed" : "❌ failed").append("\n\n");
    sb.append("Run `").append(s.runFolder()).append("`, ").append(s.start()).append(" → ").append(s.end())
        .append(" (").append(s.durationSeconds()).append(" s), Gatling ").append(s.gatlingVersion()).append(".\n\n");
    sb.append("| Request | Count | OK | KO | KO % | req/s | min | p50 | p75 | p95 | p99 | max | mean | std dev |\n");
    sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    statsRow(sb, "**All requests**", s.global());
    if (s.requests() != null) {
      for (Summary.Stats r : s.requests()) {
        statsRow(sb, Boolean.TRUE.equals(r.group()) ? "*" + md(r.name()) + "* (group)" : md(r.name()), r);
      }
    }
    sb.append("\nTimes in ms.\n");
    if (s.assertions() != null && !s.assertions().isEmpty()) {
      sb.append("\n### Assertions\n\n| Assertion | Threshold | Actual | Result |\n|---|--:|--:|---|\n");
      for (Summary.AssertionOutcome a : s.assertions()) {
        sb.append("| ").append(md(a.message())).append(" | ").append(Fmt.num(a.threshold())).append(" | ")
            .append(Fmt.num(a.actual())).append(" | ").append(a.passed() ? "✅ pass" : "❌ **fail**").append(" |\n");
      }
    }
    if (s.errors() != null && !s.errors().isEmpty()) {
      sb.append("\n### Top errors\n\n| Error | Count | % of KO |\n|---|--:|--:|\n");
      for (Summary.ErrorCount e : s.errors()) {
        sb.append("| ").append(md(e.message())).append(" | ").append(e.count()).append(" | ").append(Fmt.num(e.percent())).append(" |\n");
      }
    }
    if (s.comparison() != null) {
      Summary.ComparisonResult c = s.comparison();
      sb.append("\n### Compared with baseline: ").append(c.passed() ? "✅ no regression" : "❌ **regressed**").append("\n\n");
      sb.append("Baseline `").append(md(c.baseline())).append("`.\n\n");
      for (String w : c.warnings()) {
        sb.append("> ⚠️ **").append(md(w)).append("**\n");
      }
      if (!c.warnings().isEmpty()) {
        sb.append('\n');
      }
      sb.append("| Request | Metric | Baseline | This run | Delta | Tolerance | Verdict |\n|---|---|--:|--:|--:|--:|---|\n");
      for (Comparison.Row r : c.rows()) {
        sb.append("| ").append(md(r.request())).append(" | ").append(r.metric()).append(" | ").append(Fmt.num(r.baseline()))
            .append(" | ").append(Fmt.num(r.current())).append(" | ").append(r.delta()).append(" | ")
            .append(r.tolerance() == null ? "" : r.tolerance()).append(" | ")
            .append(r.regressed() ? "❌ **" + r.verdict() + "**" : r.verdict()).append(" |\n");
      }
    }
    if (s.sections() != null && !s.sections().isEmpty()) {
      for (Map.Entry<String, Object> e : s.sections().entrySet()) {
        sb.append("\n### ").append(md(e.getKey())).append("\n\n");
        if (e.getValue() instanceof Map<?, ?> map) {
          sb.append("| Key | Value |\n|---|---|\n");
          for (Map.Entry<?, ?> kv : map.entrySet()) {
            sb.append("| ").append(md(String.valueOf(kv.getKey()))).append(" | ").append(md(String.valueOf(kv.getValue()))).append(" |\n");
          }
        } else {
          sb.append(md(String.valueOf(e.getValue()))).append('\n');
        }
      }
    }
    if (s.settings() != null && !s.settings().isEmpty()) {
      sb.append("\n<details><summary>Settings</summary>\n\n| Setting | Value |\n|---|---|\n");
      for (Map.Entry<String, Object> e : s.settings().entrySet()) {
        sb.append("| ").append(md(e.getKey())).append(" | ").append(md(String.valueOf(e.getValue()))).append(" |\n");
      }
      sb.append("\n</details>\n");
    }
    return sb.toString();
  }

  private static void statsRow(StringBuilder sb, String name, Summary.Stats r) {
    sb.append("| ").append(name).append(" | ").append(r.count()).append(" | ").append(r.ok()).append(" | ").append(r.ko())
        .append(" | ").append(Fmt.num(r.koPercent())).append(" | ").append(Fmt.num(r.meanRps()));
    for (Double d : new Double[] {r.min(), r.p50(), r.p75(), r.p95(), r.p99(), r.max(), r.mean(), r.stdDev()}) {
      sb.append(" | ").append(Fmt.num(d));
    }
    sb.append(" |\n");
  }

  private static String md(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
