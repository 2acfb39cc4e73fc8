package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grafmuvi.loadtest.testing.GatlingChild;
import grafmuvi.loadtest.testing.LoopbackServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Real GrafMuviSimulation runs (child JVMs, a short smoke shape) against loopback targets whose
 * misbehaviour the test controls: each run ends in bounded time, with a report when requests were
 * sent, and a non-zero exit that names the cause.
 */
@Execution(ExecutionMode.CONCURRENT)
class FailingTargetTest {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private LoopbackServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private String serve(LoopbackServer.Handler handler) throws IOException {
    server = LoopbackServer.serving(handler);
    return server.url();
  }

  /** A smoke-shaped run of a few seconds against baseUrl, plus these properties. */
  private GatlingChild.Run runAgainst(String baseUrl, String... more) throws Exception {
    Map<String, String> props = GatlingChild.shortRun(baseUrl, "4s", more);
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
  void nothingListeningFailsOnTheFailedRequestsAssertion() throws Exception {
    // A port bound for the whole run but not listening: connections to it are refused, and no other
    // socket can take it. (A port found free and closed again is free for anyone until the child
    // JVM connects, seconds later: another test's or another build's server then answers.)
    GatlingChild.Run run;
    try (Socket refusing = new Socket()) {
      refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      run = runAgainst("http://127.0.0.1:" + refusing.getLocalPort());
    }
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(
        run.output()
            .contains("Global: percentage of failed events is less than or equal to 1.0 : false"),
        run.output());
    JsonNode s = summary(run);
    assertEquals("failed", s.path("status").asText());
    assertEquals(s.path("global").path("count").asInt(), s.path("global").path("ko").asInt());
    assertTrue(
        errors(s).stream().anyMatch(m -> m.contains("Connection refused")), errors(s).toString());
    // The verdict says which way the run failed (the rate over a one-second window may also fall
    // short), and the failures are the target's: no injector error among them.
    assertTrue(
        s.path("steadyState")
            .path("verdict")
            .asText()
            .matches(
                "3 users: the API (fell behind and )?failed 100 % of requests \\(limit 1 %\\) \\(.* requests/s,"
                    + " .*, \\d+ KO, 100\\.00 %\\)"),
        s.path("steadyState").toString());
    assertTrue(errors(s).size() > 0);
    s.path("errors").forEach(e -> assertEquals("target", e.path("source").asText(), e.toString()));
    assertFalse(
        run.output().contains("is available"), "Gatling's release check reached the network");
  }

  @Test
  void aTargetThatDiesMidRunKeepsWhatCameBefore() throws Exception {
    CountDownLatch served = new CountDownLatch(10);
    String url =
        serve(
            exchange -> {
              LoopbackServer.answerWell(exchange);
              served.countDown();
            });
    Thread killer =
        new Thread(
            () -> {
              try {
                served.await();
                server.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    killer.start();
    GatlingChild.Run run = runAgainst(url);
    killer.join();
    assertEquals(2, run.exitCode(), run.output());
    JsonNode global = summary(run).path("global");
    assertTrue(
        global.path("ok").asInt() >= 5,
        global.toString()); // of the 10 served, one is Gatling's unrecorded warm-up
    assertTrue(global.path("ko").asInt() > 0, global.toString());
    assertTrue(
        summary(run).path("steadyState").path("verdict").asText().contains("failed "),
        summary(run).path("steadyState").toString());
  }

  @Test
  void aWorkloadBeyondTheOpenFilesLimitIsRefusedBeforeAnyRequest() throws Exception {
    String url = serve(LoopbackServer::answerWell);
    Map<String, String> props = GatlingChild.shortRun(url, "4s", "grafmuvi.users", "600");
    GatlingChild.Run run =
        GatlingChild.start(
                GrafMuviSimulation.class,
                props,
                Files.createTempDirectory(tmp, "run"),
                List.of("sh", "-c", "ulimit -n 400 && exec \"$0\" \"$@\""))
            .await(BOUND);
    assertNotEquals(0, run.exitCode(), run.output());
    assertTrue(
        run.output()
            .contains(
                "grafmuvi.users (profile smoke: 600 looping users, one connection each): 600"
                    + " connections need about 900 open files"),
        run.output());
    assertTrue(run.output().contains("ulimit -n"), run.output());
    assertEquals(0, server.requests(), "requests were sent");
    assertNull(run.runFolder(), "a report was written for a refused run");
  }

  @Test
  void anOccupiedLivePortIsRefusedBeforeAnyRequest() throws Exception {
    String url = serve(LoopbackServer::answerWell);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      GatlingChild.Run run =
          runAgainst(
              url,
              "grafmuvi.live.enabled",
              "true",
              "grafmuvi.live.port",
              String.valueOf(taken.getLocalPort()));
      assertNotEquals(0, run.exitCode(), run.output());
      assertTrue(
          run.output()
              .contains("grafmuvi.live.port = " + taken.getLocalPort() + ": cannot listen on"),
          run.output());
      assertEquals(0, server.requests(), "requests were sent");
    }
  }

  @Test
  void aSlowTargetBreachesTheThresholdsAndAHangingOneTimesOutInBoundedTime() throws Exception {
    String url =
        serve(
            exchange -> {
              if (exchange.getRequestURI().getRawPath().startsWith("/api/title/")) {
                LoopbackServer.stall(30_000); // hangs: the request timeout ends it
              } else {
                LoopbackServer.stall(150);
                LoopbackServer.answerWell(exchange);
              }
            });
    GatlingChild.Run run =
        runAgainst(
            url,
            "grafmuvi.request-timeout",
            "1s",
            "grafmuvi.users",
            "5",
            "grafmuvi.duration",
            "8s");
    assertEquals(2, run.exitCode(), run.output());
    JsonNode s = summary(run);
    // Bounded by the run's own record (first to last event), not by a clock around the child JVM:
    // its start and report take seconds on an idle machine and half a minute on a busy one, while
    // the run lasts its 8 s either way. Had the hanging requests held it, it would last their 30 s.
    // (GatlingChild bounds the child JVM as a whole.)
    assertTrue(
        s.path("durationSeconds").asLong() < 30,
        "held by the hanging requests: " + s.path("start") + " to " + s.path("end"));
    assertTrue(
        errors(s).stream().anyMatch(m -> m.toLowerCase().contains("timeout")),
        errors(s).toString());
    assertTrue(
        run.output()
            .contains(
                "status: 95th percentile of response time is less than or equal to 100.0 : false"),
        run.output());
    String junit = Files.readString(run.file("junit.xml"));
    assertTrue(
        junit.contains(
            "<failure type=\"GatlingAssertionFailed\" message=\"status: 95th percentile of response"
                + " time is less than or equal to 100.0 : false (actual : "),
        junit);
  }

  @Test
  void errorsWrongContentTypesAndMalformedJsonAreCountedSeparatelyAndTheTokenStaysSecret()
      throws Exception {
    String token = "PLANTED-7f3a9c-SECRET";
    String url =
        serve(
            exchange -> {
              String path = exchange.getRequestURI().getRawPath();
              if (path.startsWith("/status")) {
                LoopbackServer.answer(
                    exchange,
                    500,
                    "application/json",
                    "{\"echo\":\""
                        + exchange.getRequestHeaders().getFirst("Authorization")
                        + "\"}");
              } else if (path.startsWith("/api/id/")) {
                LoopbackServer.answer(exchange, 200, "text/html", "<html>not json</html>");
              } else {
                LoopbackServer.answer(
                    exchange, 200, "application/json; charset=utf-8", "{\"1\": oops");
              }
            });
    GatlingChild.Run run = runAgainst(url, "grafmuvi.secrets.token", token);
    assertEquals(2, run.exitCode(), run.output());
    List<String> errors = errors(summary(run));
    assertTrue(
        errors.stream().anyMatch(m -> m.contains("status.find.is(200), found 500")),
        errors.toString());
    assertTrue(errors.stream().anyMatch(m -> m.contains("JSON content type")), errors.toString());
    assertTrue(errors.stream().anyMatch(m -> m.contains("JSON object")), errors.toString());
    Path failedLog = run.workDir().resolve("results/failed-requests.log");
    assertTrue(
        Files.readString(failedLog).contains("authorization: ****"),
        "failed-request log not masked");
    assertNoFileHolds(run, token);
  }

  @Test
  void badSettingsAreRefusedBeforeAnyRequestWithOneLineEach() throws Exception {
    String url = serve(LoopbackServer::answerWell);
    GatlingChild.Run run =
        runAgainst(
            url,
            "grafmuvi.users",
            "0",
            "grafmuvi.api.max-depth",
            "99",
            "grafmuvi.profiles.capacity.levels",
            "none");
    assertNotEquals(0, run.exitCode(), run.output());
    // One line per problem and nothing else (the JVM itself may prefix the first line, outside
    // Maven).
    assertTrue(
        run.output().lines().findFirst().orElse("").endsWith("Invalid settings:"), run.output());
    assertEquals(4, run.output().lines().count(), run.output());
    assertTrue(
        run.output()
            .contains(
                "  grafmuvi.users = \"0\" (from system properties): must be a whole number of at"
                    + " least 1"),
        run.output());
    assertTrue(
        run.output()
            .contains(
                "  grafmuvi.api.max-depth = \"99\" (from system properties): must be an integer"
                    + " from 1 to 10"),
        run.output());
    assertTrue(
        run.output().contains("  grafmuvi.profiles.capacity.levels = \"none\""),
        "a profile not in use is checked too");
    assertFalse(
        run.output().contains("\tat "),
        "a refused setting prints no stack trace:\n" + run.output());
    assertFalse(run.output().contains("Failed to create the Simulation instance"), run.output());
    assertEquals(0, server.requests(), "requests were sent");
    assertNull(run.runFolder(), "a report was written for a refused run");
  }

  /** No file under the run's working directory holds secret (simulation.log records no headers). */
  static void assertNoFileHolds(GatlingChild.Run run, String secret) throws IOException {
    List<Path> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(run.workDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret)) {
          leaks.add(f);
        }
      }
    }
    assertEquals(List.of(), leaks, "the secret was written to these files");
    assertFalse(run.output().contains(secret), "the secret was printed:\n" + run.output());
  }
}
