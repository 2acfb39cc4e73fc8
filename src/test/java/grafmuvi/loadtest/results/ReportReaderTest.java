package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ReportReaderTest {

  @Test
  void requestNamesAndMessagesAreUnescapedAsGatlingEscapedThem() {
    assertEquals("Bill & Ted's \"Excellent\" Adventure é é <x>",
        ReportReader.unescape("Bill &amp; Ted&#39;s &quot;Excellent&quot; Adventure &eacute; &#233; &lt;x&gt;"));
    assertEquals("plain", ReportReader.unescape("plain"));
  }

  @Test
  void durationsAreReadAsGatlingPrintsThem() {
    assertEquals(299, ReportReader.parseDuration("4m 59s", "test"));
    assertEquals(3_661, ReportReader.parseDuration("1h 1m 1s", "test"));
  }
}
