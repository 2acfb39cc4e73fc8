package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the real upstream's recorded answers (src/test/resources/upstream-corpus, made by
 * scripts/record-upstream-corpus.sh) against the embedded API serving the same graph files, and
 * requires the same status, content type, ETag and body, except for the entries marked in
 * differences.tsv, each of which must differ and name a row of the table of deliberate differences
 * (docs/api-server.md, "Where it differs from upstream").
 */
final class UpstreamReplayTest {

  private static final String CORPUS = "upstream-corpus/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIFFERENCES_DOC = Path.of("docs", "api-server.md");
  private static final String DIFFERENCES_SECTION = "## Where it differs from upstream";
  private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\|\\s*([^|]+?)\\s*\\|");

  private static JsonNode recording;
  private static Map<String, String> differences;
  private static final Map<String, ApiServer> servers = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    recording = JSON.readTree(resource("recorded.json"));
    differences =
        differences(new String(resource("differences.tsv").readAllBytes(), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    servers.values().forEach(ApiServer::close);
  }

  @TestFactory
  Stream<DynamicContainer> everyRecordedAnswerIsReproduced() {
    Map<String, List<JsonNode>> byGraph = new LinkedHashMap<>();
    for (JsonNode entry : recording.get("entries")) {
      byGraph.computeIfAbsent(entry.get("graph").asText(), g -> new ArrayList<>()).add(entry);
    }
    return byGraph.entrySet().stream()
        .map(
            graph ->
                DynamicContainer.dynamicContainer(
                    graph.getKey(),
                    graph.getValue().stream()
                        .map(
                            entry ->
                                DynamicTest.dynamicTest(
                                    entry.get("name").asText(),
                                    () -> replay(server(graph.getKey()), entry)))));
  }

  @Test
  void theCorpusHoldsTheSeedsRequestsAndEveryCorpusMovie() throws IOException {
    Set<String> seedPaths = new TreeSet<>();
    Set<String> corpusPaths = new TreeSet<>();
    for (JsonNode entry : recording.get("entries")) {
      if (entry.at("/request/method").asText().equals("GET")) {
        (entry.get("graph").asText().equals("seed") ? seedPaths : corpusPaths)
            .add(entry.at("/request/path").asText());
      }
    }
    assertTrue(
        seedPaths.containsAll(
            List.of("/status", "/api/id/tt0068646", "/api/title/The%20godfather/1972")),
        seedPaths::toString);
    for (String line : Files.readAllLines(corpusGraph())) {
      if (line.startsWith("movie\t")) {
        String id = line.split("\t")[1];
        assertTrue(
            corpusPaths.contains("/api/id/" + id), "no recorded answer for the corpus movie " + id);
      }
    }
    assertFalse(
        recording.at("/upstream/commit").asText().isEmpty(),
        "the recording names upstream's commit");
  }

  @Test
  void everyMarkedDifferenceNamesARecordedEntryAndARowOfTheDifferencesTable() throws IOException {
    Set<String> names = new TreeSet<>();
    recording.get("entries").forEach(e -> names.add(key(e)));
    String doc = Files.readString(DIFFERENCES_DOC);
    int start = doc.indexOf(DIFFERENCES_SECTION);
    assertTrue(start >= 0, DIFFERENCES_DOC + " has no section " + DIFFERENCES_SECTION);
    int end = doc.indexOf("\n## ", start + DIFFERENCES_SECTION.length());
    Set<String> rows = new TreeSet<>();
    Matcher m = TABLE_ROW.matcher(doc.substring(start, end < 0 ? doc.length() : end));
    while (m.find()) {
      rows.add(m.group(1));
    }
    for (Map.Entry<String, String> mark : differences.entrySet()) {
      assertTrue(
          names.contains(mark.getKey()),
          "differences.tsv marks an entry that was not recorded: " + mark.getKey());
      assertTrue(
          rows.contains(mark.getValue()),
          "differences.tsv names \""
              + mark.getValue()
              + "\", which is not the first cell of a row in "
              + DIFFERENCES_DOC
              + " ("
              + DIFFERENCES_SECTION
              + ")");
    }
  }

  private static void replay(ApiServer server, JsonNode entry) {
    JsonNode request = entry.get("request");
    JsonNode recorded = entry.get("response");
    Response actual = exchange(server.port(), request);
    String difference = differences.get(key(entry));
    List<String> expected =
        List.of(
            Integer.toString(recorded.get("status").asInt()),
            String.valueOf(header(recorded, "content-type")),
            String.valueOf(header(recorded, "etag")),
            recorded.get("body").asText());
    List<String> got =
        List.of(
            Integer.toString(actual.status),
            String.valueOf(actual.headers.get("content-type")),
            String.valueOf(actual.headers.get("etag")),
            actual.body);
    assertTrue(actual.status < 500, "a 5xx for " + request);
    if (difference == null) {
      assertEquals(
          expected,
          got,
          "status, content type, ETag and body of "
              + request.get("method").asText()
              + " "
              + request.get("path").asText());
    } else {
      assertNotEquals(
          expected,
          got,
          "marked as the deliberate difference \""
              + difference
              + "\" but answered as upstream: remove the mark");
    }
  }

  private static ApiServer server(String graph) {
    return servers.computeIfAbsent(
        graph,
        g -> {
          String setting = g.equals("seed") ? "seed" : corpusFile(g).toString();
          return ApiServer.bind(TestGraphs.settings(Map.of("graph", setting))).start();
        });
  }

  private static String header(JsonNode response, String name) {
    for (JsonNode h : response.get("headers")) {
      if (h.get(0).asText().equalsIgnoreCase(name)) {
        return h.get(1).asText();
      }
    }
    return null;
  }

  private static String key(JsonNode entry) {
    return entry.get("graph").asText() + "\t" + entry.get("name").asText();
  }

  /** Lines of graph TAB entry name TAB README row; '#' starts a comment line. */
  private static Map<String, String> differences(String tsv) {
    Map<String, String> marks = new LinkedHashMap<>();
    int n = 0;
    for (String line : tsv.split("\n", -1)) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3 || f[2].isBlank()) {
        fail(
            "differences.tsv:"
                + n
                + ": expected graph<TAB>entry name<TAB>README row, got "
                + f.length
                + " fields");
      }
      assertFalse(
          marks.containsKey(f[0] + "\t" + f[1]), "differences.tsv:" + n + ": entry marked twice");
      marks.put(f[0] + "\t" + f[1], f[2]);
    }
    return marks;
  }

  private static InputStream resource(String name) {
    InputStream in = UpstreamReplayTest.class.getClassLoader().getResourceAsStream(CORPUS + name);
    assertNotNull(in, "missing test resource " + CORPUS + name);
    return in;
  }

  private static Path corpusGraph() {
    return corpusFile("corpus.graph");
  }

  private static Path corpusFile(String name) {
    URL url = UpstreamReplayTest.class.getClassLoader().getResource(CORPUS + name);
    assertNotNull(url, "missing test resource " + CORPUS + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Response(int status, Map<String, String> headers, String body) {}

  /**
   * The recorded request, byte for byte (the path as recorded, no re-encoding), on a fresh
   * connection.
   */
  private static Response exchange(int port, JsonNode request) {
    String method = request.get("method").asText();
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(request.get("path").asText())
            .append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:")
            .append(port)
            .append("\r\n")
            .append("User-Agent: curl/7.88.1\r\nAccept: */*\r\n");
    for (JsonNode h : request.get("headers")) {
      head.append(h.get(0).asText()).append(": ").append(h.get(1).asText()).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return parse(s.getInputStream().readAllBytes(), method.equals("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(byte[] raw, boolean head) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertTrue(end > 0, "no complete response head: " + text);
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (head || status == 304 || status == 204) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunked(body);
    } else if (headers.containsKey("content-length")) {
      body = java.util.Arrays.copyOf(body, Integer.parseInt(headers.get("content-length")));
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunked(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int lineEnd = i;
      while (lineEnd + 1 < in.length && !(in[lineEnd] == '\r' && in[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String size =
          new String(in, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(in, lineEnd + 2, n);
      i = lineEnd + 2 + n + 2;
    }
    return out.toByteArray();
  }
}
