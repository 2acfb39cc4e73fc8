package grafmuvi.loadtest.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Renders a {@link Summary} as summary.json, junit.xml and summary.md. */
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
   * Writes the three files into folder: all rendered first, each to a temporary file, then moved in
   * place, so a failure never leaves a partial file under a final name.
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
      for (String name : contents.keySet()) {
        Path target = folder.resolve(name);
        try {
          Files.move(
              folder.resolve("." + name + ".tmp"),
              target,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException ex) {
          Files.move(
              folder.resolve("." + name + ".tmp"), target, StandardCopyOption.REPLACE_EXISTING);
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

  // ---------------------------------------------------------------- JUnit XML

  /**
   * One test suite with a test case per Gatling assertion, named and failed with Gatling's own
   * message, so that a CI test reporter shows a breach (or a baseline regression) as a failed test.
   */
  public static String junit(Summary s) {
    String suite = "gatling." + s.simulation();
    List<TestCase> cases = new ArrayList<>();
    if (s.cutShort() != null) {
      cases.add(
          new TestCase(
              suite + ".run", "the run ran its course", "RunInterrupted", s.cutShort().words()));
    }
    for (Summary.AssertionOutcome a : s.assertions()) {
      String detail =
          a.message()
              + " : false ("
              + (a.error() != null ? a.error() : "actual : " + Fmt.num(a.actual()))
              + ")";
      cases.add(
          new TestCase(
              suite + "." + a.source(),
              a.message(),
              a.passed()
                  ? null
                  : "baseline".equals(a.source()) ? "BaselineRegression" : "GatlingAssertionFailed",
              detail));
    }
    long failures = cases.stream().filter(c -> c.failure() != null).count();
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", xmlSafe(s.simulation()));
      xml.writeAttribute("tests", String.valueOf(cases.size()));
      xml.writeAttribute("failures", String.valueOf(failures));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("time", String.valueOf(s.durationSeconds()));
      xml.writeCharacters("\n  ");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", xmlSafe(suite));
      xml.writeAttribute("tests", String.valueOf(cases.size()));
      xml.writeAttribute("failures", String.valueOf(failures));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", "0");
      xml.writeAttribute("time", String.valueOf(s.durationSeconds()));
      xml.writeAttribute("timestamp", xmlSafe(s.start()));
      xml.writeCharacters("\n    ");
      xml.writeStartElement("properties");
      property(xml, "runFolder", s.runFolder());
      property(xml, "gatlingVersion", s.gatlingVersion());
      if (s.headline() != null) {
        property(xml, "verdict", s.headline());
      }
      for (Map.Entry<String, Object> e : s.settings().entrySet()) {
        property(xml, "settings." + e.getKey(), String.valueOf(e.getValue()));
      }
      xml.writeCharacters("\n    ");
      xml.writeEndElement();
      for (TestCase c : cases) {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", xmlSafe(c.classname()));
        xml.writeAttribute("name", xmlSafe(c.name()));
        xml.writeAttribute("time", "0");
        if (c.failure() != null) {
          xml.writeCharacters("\n      ");
          xml.writeStartElement("failure");
          xml.writeAttribute("type", c.failure());
          xml.writeAttribute("message", xmlSafe(c.detail()));
          xml.writeCharacters(xmlSafe(c.detail()));
          xml.writeEndElement();
          xml.writeCharacters("\n    ");
        }
        xml.writeEndElement();
      }
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new UncheckedIOException(
          new IOException("cannot write junit.xml: " + e.getMessage(), e));
    }
    return out.toString();
  }

  /** One test case of junit.xml; failure is its type, or null when it passed. */
  private record TestCase(String classname, String name, String failure, String detail) {}

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeCharacters("\n      ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", xmlSafe(name));
    xml.writeAttribute("value", xmlSafe(value));
  }

  /** XML 1.0 cannot hold most control characters, escaped or not: they become U+FFFD. */
  static String xmlSafe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c ->
                sb.appendCodePoint(
                    c == 0x9
                            || c == 0xA
                            || c == 0xD
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || c > 0xFFFF
                        ? c
                        : 0xFFFD));
    return sb.toString();
  }

  // ---------------------------------------------------------------- Markdown

  public static String markdown(Summary s) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Gatling ")
        .append(md(s.simulation()))
        .append(": ")
        .append(
            s.cutShort() != null
                ? "⚠️ " + md(s.cutShort().words())
                : s.passed() ? "✅ passed" : "❌ failed")
        .append("\n\n");
    if (s.headline() != null) {
      sb.append("**").append(md(s.headline())).append("**\n\n");
    }
    if (s.levels() != null && !s.levels().isEmpty()) {
      sb.append(levelsTable(s.levels())).append('\n');
    }
    sb.append("Run `")
        .append(s.runFolder())
        .append("`, ")
        .append(s.start())
        .append(" → ")
        .append(s.end())
        .append(" (")
        .append(s.durationSeconds())
        .append(" s), Gatling ")
        .append(s.gatlingVersion())
        .append(".\n\n");
    sb.append(
        "| Request | Count | OK | KO | KO % | req/s | min | p50 | p75 | p95 | p99 | max | mean |"
            + " std dev | avg size (bytes) |\n");
    sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    statsRow(sb, "**All requests**", s.global());
    for (Summary.Stats r : s.requests()) {
      statsRow(sb, md(r.name()), r);
    }
    sb.append(
        "\nTimes in ms (Gatling's figures); average sizes of the answers' bodies from the in-run"
            + " recorder.\n");
    if (!s.assertions().isEmpty()) {
      sb.append("\n### Assertions\n\n| Assertion | Limit | Actual | Result |\n|---|--:|--:|---|\n");
      for (Summary.AssertionOutcome a : s.assertions()) {
        sb.append("| ")
            .append(md(a.message()))
            .append(" | ")
            .append(Fmt.num(a.limit()))
            .append(" | ")
            .append(a.error() != null ? md(a.error()) : Fmt.num(a.actual()))
            .append(" | ")
            .append(a.passed() ? "✅ pass" : "❌ **fail**")
            .append(" |\n");
      }
    }
    if (s.baseline() != null) {
      boolean regressed =
          s.baseline().rows().stream().anyMatch(r -> Boolean.FALSE.equals(r.passed()));
      sb.append("\n### Compared with baseline: ")
          .append(regressed ? "❌ **regressed**" : "✅ no regression")
          .append("\n\n");
      sb.append("Baseline `")
          .append(md(s.baseline().file()))
          .append("`.\n\n")
          .append(Baseline.table(s.baseline().rows()));
    }
    if (!s.errors().isEmpty()) {
      sb.append("\n### Errors\n\n| Error | whose | Count | % of KO |\n|---|---|--:|--:|\n");
      for (Summary.ErrorCount e : s.errors()) {
        sb.append("| ")
            .append(md(e.message()))
            .append(" | ")
            .append("injector".equals(e.source()) ? "**the injector's**" : "the target's")
            .append(" | ")
            .append(e.count())
            .append(" | ")
            .append(Fmt.num(e.percent()))
            .append(" |\n");
      }
    }
    if (s.sections() != null) {
      for (Map.Entry<String, Object> e : s.sections().entrySet()) {
        sb.append("\n### ").append(md(e.getKey())).append("\n\n");
        if (e.getValue() instanceof Map<?, ?> map) {
          sb.append("| Key | Value |\n|---|---|\n");
          map.forEach(
              (k, v) ->
                  sb.append("| ")
                      .append(md(String.valueOf(k)))
                      .append(" | ")
                      .append(md(String.valueOf(v)))
                      .append(" |\n"));
        } else {
          sb.append(md(String.valueOf(e.getValue()))).append('\n');
        }
      }
    }
    sb.append("\n<details><summary>Settings</summary>\n\n| Setting | Value |\n|---|---|\n");
    s.settings()
        .forEach(
            (k, v) ->
                sb.append("| ")
                    .append(md(k))
                    .append(" | ")
                    .append(md(String.valueOf(v)))
                    .append(" |\n"));
    sb.append("\n</details>\n");
    return sb.toString();
  }

  private static void statsRow(StringBuilder sb, String name, Summary.Stats r) {
    sb.append("| ")
        .append(name)
        .append(" | ")
        .append(r.count())
        .append(" | ")
        .append(r.ok())
        .append(" | ")
        .append(r.ko())
        .append(" | ")
        .append(Fmt.num(r.koPercent()))
        .append(" | ")
        .append(Fmt.num(r.meanRps()));
    for (Integer ms :
        new Integer[] {
          r.min(), r.p50(), r.p75(), r.p95(), r.p99(), r.max(), r.mean(), r.stdDev()
        }) {
      sb.append(" | ").append(ms == null ? "-" : ms.toString());
    }
    sb.append(" | ").append(Fmt.num(r.meanBytes())).append(" |\n");
  }

  /** The levels of a stair run as a Markdown table (console and summary.md). */
  public static String levelsTable(List<Summary.Level> levels) {
    StringBuilder sb =
        new StringBuilder(
            "| level | seconds | requests/s | of at most | KO % | p95 ms | p99 ms | injector CPU %"
                + " | machine CPU % | outcome |\n|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (Summary.Level l : levels) {
      sb.append("| ")
          .append(md(l.name()))
          .append(" | ")
          .append(l.fromSecond())
          .append("–")
          .append(l.toSecond())
          .append(" | ")
          .append(Fmt.num(l.requestsPerSecond()))
          .append(" | ")
          .append(Fmt.num(l.limit()))
          .append(" | ")
          .append(Fmt.num(l.koPercent()))
          .append(" | ")
          .append(l.p95() == null ? "-" : l.p95().toString())
          .append(" | ")
          .append(l.p99() == null ? "-" : l.p99().toString())
          .append(" | ")
          .append(Fmt.num(l.meanInjectorCpuPercent()))
          .append(" (peak ")
          .append(Fmt.num(l.peakInjectorCpuPercent()))
          .append(") | ")
          .append(Fmt.num(l.meanMachineCpuPercent()))
          .append(" | ")
          .append(md(l.outcome()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String md(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
