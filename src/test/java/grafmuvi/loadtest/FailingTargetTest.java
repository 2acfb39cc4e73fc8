package grafmuvi.loadtest;

import grafmuvi.loadtest.testing.GatlingChild;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real GrafMuviSimulation runs (child JVMs, a short smoke shape) against loopback targets whose
 * misbehaviour the test controls: each run ends in bounded time, with a report when requests were
 * sent, and a non-zero exit that names the cause.
 */
class FailingTargetTest {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A loopback server answering every request with handler. */
  private String serve(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try (exchange) {
        handler.handle(exchange);
      } catch (IOException | RuntimeException e) {
        // the client went away: nothing to answer
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** The contract's answers: every path gets a recommendation-shaped JSON object. */
  private static void answerWell(HttpExchange exchange) throws IOException {
    answer(exchange, 200, "application/json; charset=utf-8", "{\"1\":\"American Gangster\",\"status\":\"OK\"}");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A smoke-shaped run of a few seconds against baseUrl, plus these properties. */
  private GatlingChild.Run runAgainst(String baseUrl, String... more) throws Exception {
    Map<String, String> props = new HashMap<>(Map.of(
        "grafmuvi.profile", "smoke",
        "grafmuvi.base-url", baseUrl,
        "grafmuvi.users", "3",
        "grafmuvi.ramp", "1s",
        "grafmuvi.duration", "5s",
        "grafmuvi.pause.min", "50ms",
        "grafmuvi.pause.max", "100ms"));
    for (int i = 0; i < more.length; i += 2) {
      props.put(more[i], more[i + 1]);
    }
    Path work = Files.createTempDirectory(tmp, "run");
    return GatlingChild.run(GrafMuviSimulation.class, props, work, BOUND);
  }

  private static JsonNode summary(GatlingChild.Run run) throws IOException {
    assertNotNull(run.runFolder(), "no report folder:\n" + run.output());
    assertTrue(Files.exists(run.file("index.html")), "no HTML report");
    return JSON.readTree(run.file("summary.json").toFile());
  }

  private static List<String> errors(JsonNode summary) {
    List<String> out = new ArrayList<>();
    summary.path("errors").forEach(e -> out.add(e.path("message").asText()));
    return out;
  }

  @Test
  void aWellBehavedTargetPasses() throws Exception {
    GatlingChild.Run run = runAgainst(serve(FailingTargetTest::answerWell),
        "grafmuvi.assertions.per-request.p95", "5s", "grafmuvi.assertions.per-request.p99", "5s",
        "grafmuvi.assertions.p95", "5s", "grafmuvi.assertions.p99", "5s");
    assertEquals(0, run.exitCode(), run.output());
    JsonNode s = summary(run);
    assertEquals(0, s.path("global").path("ko").asInt());
    assertTrue(s.path("global").path("count").asInt() > 20, s.toString());
    assertFalse(run.output().contains("is available"), "Gatling's release check reached the network");
  }

  @Test
  void nothingListeningFailsOnTheFailedRequestsAssertion() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    GatlingChild.Run run = runAgainst("http://127.0.0.1:" + port);
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("Global: percentage of failed events is less than or equal to 1.0 : false"), run.output());
    JsonNode s = summary(run);
    assertEquals(s.path("global").path("count").asInt(), s.path("global").path("ko").asInt());
    assertTrue(errors(s).stream().anyMatch(m -> m.contains("Connection refused")), errors(s).toString());
  }

  @Test
  void aTargetThatDiesMidRunKeepsWhatCameBefore() throws Exception {
    CountDownLatch served = new CountDownLatch(30);
    String url = serve(exchange -> {
      answerWell(exchange);
      served.countDown();
    });
    Thread killer = new Thread(() -> {
      try {
        served.await();
        server.stop(0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    GatlingChild.Run run = runAgainst(url);
    killer.join();
    assertEquals(2, run.exitCode(), run.output());
    JsonNode global = summary(run).path("global");
    assertTrue(global.path("ok").asInt() >= 30, global.toString());
    assertTrue(global.path("ko").asInt() > 0, global.toString());
  }

  @Test
  void aHangingTargetTurnsIntoTimeoutsNotAStuckRun() throws Exception {
    String url = serve(exchange -> sleep(30_000));
    long start = System.nanoTime();
    GatlingChild.Run run = runAgainst(url, "grafmuvi.request-timeout", "1s");
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(60)) < 0, "too slow");
    assertEquals(2, run.exitCode(), run.output());
    JsonNode s = summary(run);
    assertTrue(s.path("global").path("ko").asInt() > 0);
    assertTrue(errors(s).stream().anyMatch(m -> m.toLowerCase().contains("timeout")), errors(s).toString());
  }

  @Test
  void errorsWrongContentTypesAndMalformedJsonAreCountedSeparately() throws Exception {
    String url = serve(exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/status")) {
        answer(exchange, 500, "application/json", "{\"error\":\"boom\"}");
      } else if (path.startsWith("/api/id/")) {
        answer(exchange, 200, "text/html", "<html>not json</html>");
      } else {
        answer(exchange, 200, "application/json; charset=utf-8", "{\"1\": oops");
      }
    });
    GatlingChild.Run run = runAgainst(url);
    assertEquals(2, run.exitCode(), run.output());
    List<String> errors = errors(summary(run));
    assertTrue(errors.stream().anyMatch(m -> m.contains("status.find.is(200), found 500")), errors.toString());
    assertTrue(errors.stream().anyMatch(m -> m.contains("JSON content type")), errors.toString());
    assertTrue(errors.stream().anyMatch(m -> m.contains("JSON object")), errors.toString());
  }

  @Test
  void aSlowTargetBreachesTheResponseTimeThresholds() throws Exception {
    String url = serve(exchange -> {
      sleep(150);
      answerWell(exchange);
    });
    GatlingChild.Run run = runAgainst(url);
    assertEquals(2, run.exitCode(), run.output());
    JsonNode s = summary(run);
    assertEquals(0, s.path("global").path("ko").asInt());
    String junit = Files.readString(run.file("junit.xml"));
    assertTrue(junit.contains("Global: 95th percentile of response time is less than or equal to 100.0"), junit);
    assertTrue(junit.contains("<failure"), junit);
  }

  @Test
  void aBadSettingIsRefusedBeforeAnyRequest() throws Exception {
    String url = serve(FailingTargetTest::answerWell);
    GatlingChild.Run run = runAgainst(url, "grafmuvi.users", "0");
    assertEquals(3, run.exitCode(), "a refused setting has its own exit status:\n" + run.output());
    assertTrue(run.output().contains("grafmuvi.users = \"0\""), run.output());
    assertTrue(run.output().contains("must be a whole number of at least 1"), run.output());
    assertFalse(run.output().contains("\tat "), "a refused setting prints no stack trace:\n" + run.output());
    assertEquals(0, requests.get(), "requests were sent");
    assertNull(run.runFolder(), "a report was written for a refused run");
  }

  @Test
  void secretsStayOutOfEverythingTheRunWrites() throws Exception {
    String token = "PLANTED-7f3a9c-SECRET";
    String url = serve(exchange -> answer(exchange, 500, "application/json",
        "{\"echo\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\"}"));
    GatlingChild.Run run = runAgainst(url, "grafmuvi.secrets.token", token);
    assertEquals(2, run.exitCode(), run.output());
    Path failedLog = run.workDir().resolve("target/gatling/failed-requests.log");
    assertTrue(Files.readString(failedLog).contains("authorization: ****"), "failed-request log not masked");
    List<Path> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(run.workDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(token)) {
          leaks.add(f);
        }
      }
    }
    // simulation.log is Gatling's binary record of requests, not of headers.
    assertEquals(List.of(), leaks, "the token was written to these files");
  }
}
