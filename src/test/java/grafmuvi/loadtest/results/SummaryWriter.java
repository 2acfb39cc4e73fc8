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

  /** One test case per Gatling assertion (and one for a run cut short), failed with its message. */
  public static String junit(Summary s) {
    return JunitXml.of(s);
  }

  /** The headline, the statistics, assertions, baseline, errors, sections and settings. */
  public static String markdown(Summary s) {
    return MarkdownSummary.of(s);
  }

  /** The levels of a stair run as a Markdown table (console and summary.md). */
  public static String levelsTable(List<Summary.Level> levels) {
    return MarkdownSummary.levelsTable(levels);
  }
}
