package grafmuvi.loadtest.results;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A {@link Summary} as junit.xml: one test case per Gatling assertion, for CI test reporters. */
final class JunitXml {

  private JunitXml() {}

  /**
   * One test suite with a test case per Gatling assertion, named and failed with Gatling's own
   * message, so that a CI test reporter shows a breach (or a baseline regression) as a failed test.
   */
  static String of(Summary s) {
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
}
