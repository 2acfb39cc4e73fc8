package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grafmuvi.api.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Hostile input over raw sockets (the JDK client refuses to send most of it): every request gets
 * its documented 4xx (or the contract's 200 {}), never a 5xx, and the server keeps answering.
 * Isolated: "memory stays bounded" reads the whole JVM's heap, which test classes running beside it
 * would fill (ArchitectureTest's class import alone holds about 50 MiB).
 */
@Isolated
class HostileInputTest {

  private static ApiServer server;

  @BeforeAll
  static void start() {
    server =
        ApiServer.bind(
                TestGraphs.settings(Map.of("idle-timeout", "5s")), TestGraphs.workedExample())
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One hostile request and the statuses its answer may have. */
  private record Case(String name, byte[] request, IntPredicate allowed, String expected) {}

  private static final IntPredicate CLIENT_ERROR = s -> s >= 400 && s < 500;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] get(String target) {
    return bytes("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  private static byte[] request(String method, String target, String headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        bytes(
            method
                + " "
                + target
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + headers));
    if (body != null) {
      out.writeBytes(
          bytes("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"));
    }
    out.writeBytes(bytes("\r\n"));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static byte[] post(String target, String json) {
    return request("POST", target, "", json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    // Malformed percent-encoding.
    for (String bad :
        List.of("%", "%4", "%G1", "%%", "abc%", "%u0041", "%-1", "%2", "a%zzb", "%%41")) {
      cases.add(
          new Case("malformed " + bad + " in id", get("/api/id/" + bad), s -> s == 400, "400"));
    }
    cases.add(new Case("malformed in title", get("/api/title/%zz/1972"), s -> s == 400, "400"));
    cases.add(new Case("malformed in route", get("/stat%us"), CLIENT_ERROR, "400/404"));
    // Percent-encoded bytes that are not UTF-8.
    for (String bad :
        List.of(
            "%FF",
            "%C3%28",
            "%E2%82",
            "%ED%A0%80",
            "%C0%AF",
            "%F8%88%80%80%80",
            "%80",
            "%BF%BF",
            "%FE%FF",
            "%C3")) {
      cases.add(new Case("non-UTF-8 " + bad, get("/api/id/" + bad), s -> s == 400, "400"));
      cases.add(
          new Case(
              "non-UTF-8 title " + bad, get("/api/title/x" + bad + "/1972"), s -> s == 400, "400"));
    }
    // Raw bytes that are not UTF-8, or not printable, in the request line.
    for (byte[] raw :
        List.of(
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0x80},
            new byte[] {0},
            new byte[] {7},
            new byte[] {0x1B},
            new byte[] {0x7F},
            new byte[] {0x0B})) {
      cases.add(
          new Case(
              "raw byte " + (raw[0] & 0xFF) + " in path",
              concat(
                  bytes("GET /api/id/x"),
                  raw,
                  bytes(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")),
              CLIENT_ERROR,
              "400"));
    }
    // Percent-encoded control characters.
    for (String ctl : List.of("%00", "%01", "%0A", "%0D%0A", "%1B", "%7F", "%09", "%08")) {
      cases.add(new Case("control " + ctl, get("/api/id/a" + ctl + "b"), s -> s == 400, "400"));
    }
    // Too long.
    cases.add(new Case("path of 3000", get("/api/id/" + "a".repeat(3_000)), s -> s == 414, "414"));
    cases.add(
        new Case("query of 3000", get("/status?q=" + "a".repeat(3_000)), s -> s == 414, "414"));
    cases.add(
        new Case(
            "path of 9000", get("/api/id/" + "a".repeat(9_000)), s -> s == 414 || s == 431, "414"));
    cases.add(
        new Case(
            "path of 200000", get("/" + "a".repeat(200_000)), s -> s == 414 || s == 431, "414"));
    cases.add(
        new Case(
            "title of 2000 encoded chars",
            get("/api/title/" + "%C3%A9".repeat(400) + "/1972"),
            s -> s == 200 || s == 414,
            "200 {}"));
    cases.add(
        new Case(
            "header of 10 KB",
            request("GET", "/status", "X-Big: " + "b".repeat(10_000) + "\r\n", null),
            s -> s == 431,
            "431"));
    cases.add(
        new Case(
            "300 headers",
            request(
                "GET", "/status", "X-Many: 0123456789012345678901234567890\r\n".repeat(300), null),
            s -> s == 431,
            "431"));
    cases.add(
        new Case(
            "header of 200 KB",
            request("GET", "/status", "X-Huge: " + "h".repeat(200_000) + "\r\n", null),
            s -> s == 431,
            "431"));
    // Malformed headers.
    cases.add(
        new Case(
            "header without colon",
            request("GET", "/status", "NoColonHere\r\n", null),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "space in header name",
            request("GET", "/status", "Bad Name: x\r\n", null),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "control char in header",
            request("GET", "/status", "X-Ctl: a\u0001b\r\n", null),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "obsolete line folding",
            request("GET", "/status", "X-Fold: a\r\n  folded\r\n", null),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "two Host headers",
            bytes("GET /status HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "no Host header",
            bytes("GET /status HTTP/1.1\r\nConnection: close\r\n\r\n"),
            s -> s == 400,
            "400"));
    // Injection-looking ids and titles: plain unknown movies (200 {}), an encoded '/', '%' or '\\'
    // included (Express decodes them into the parameter).
    for (String evil :
        List.of(
            "' OR '1'='1",
            "\" OR \"\"=\"",
            "MATCH (n) DETACH DELETE n",
            "1; DROP TABLE movies;--",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/a}",
            "{{7*7}}",
            "$(reboot)",
            "`id`",
            "|| ls -la",
            "admin'--",
            "%252e%252e%252f",
            "..\\..\\windows\\win.ini",
            "\\u0000",
            "' UNION SELECT * FROM users --",
            "}]})MATCH (m) SET m.title='x'")) {
      cases.add(
          new Case(
              "injection id " + evil, get("/api/id/" + encode(evil)), s -> s == 200, "200 {}"));
      cases.add(
          new Case(
              "injection title " + evil,
              get("/api/title/" + encode(evil) + "/1972"),
              s -> s == 200,
              "200 {}"));
    }
    cases.add(
        new Case("dot segments", get("/api/id/%2E%2E/%2E%2E/etc/passwd"), CLIENT_ERROR, "400/404"));
    cases.add(
        new Case("encoded slash", get("/api/title/Face%2FOff/1997"), s -> s == 200, "200 {}"));
    cases.add(new Case("encoded backslash", get("/api/id/..%5C..%5Cx"), s -> s == 200, "200 {}"));
    cases.add(
        new Case("year beyond a long", get("/api/title/x/1e999999999"), s -> s == 200, "200 {}"));
    cases.add(new Case("tiny year", get("/api/title/x/1e-999999999"), s -> s == 200, "200 {}"));
    cases.add(
        new Case(
            "long decimal year",
            get("/api/title/x/" + "9".repeat(1_500) + ".5"),
            s -> s == 200,
            "200 {}"));
    // Unknown routes and methods: Express-like 404, no 405; OPTIONS lists a route's methods.
    for (String target : List.of("/status", "/api/id/tt0765429", "/api/post/id")) {
      cases.add(
          new Case(
              "OPTIONS " + target, request("OPTIONS", target, "", null), s -> s == 200, "200"));
    }
    for (String method : List.of("PUT", "DELETE", "PATCH", "FOO", "PROPFIND", "MKCOL")) {
      for (String target : List.of("/status", "/api/id/tt0765429", "/api/post/id")) {
        cases.add(
            new Case(
                method + " " + target, request(method, target, "", null), s -> s == 404, "404"));
      }
    }
    for (String target :
        List.of(
            "/api/ID",
            "/api/post",
            "/admin",
            "/.env",
            "/api/id/x/y",
            "//status",
            "/status//",
            "/api/title/x",
            "/favicon.ico",
            "/api/post/title")) {
      cases.add(new Case("GET " + target, get(target), s -> s == 404 || s == 400, "404"));
    }
    cases.add(new Case("GET /api/post/id", get("/api/post/id"), s -> s == 404, "404"));
    cases.add(new Case("TRACE", request("TRACE", "/status", "", null), CLIENT_ERROR, "404/405"));
    // Hostile bodies on the write endpoints.
    cases.add(new Case("empty body", post("/api/post/id", ""), s -> s == 400, "400"));
    cases.add(new Case("truncated JSON", post("/api/post/id", "{\"id1\":"), s -> s == 400, "400"));
    cases.add(
        new Case(
            "nested 5000 arrays", post("/api/post/id", "[".repeat(5_000)), s -> s == 400, "400"));
    cases.add(
        new Case(
            "nested 2000 objects",
            post("/api/post/id", "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "20 KB string",
            post("/api/post/id", "{\"id1\":\"" + "x".repeat(20_000) + "\"}"),
            s -> s == 413,
            "413"));
    cases.add(
        new Case(
            "1 MB body",
            post("/api/post/title/year", "{\"title1\":\"" + "y".repeat(1 << 20) + "\"}"),
            s -> s == 413,
            "413"));
    cases.add(
        new Case(
            "chunked 100 KB",
            concat(
                bytes(
                    "POST /api/post/id HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"),
                bytes(("1000\r\n" + "z".repeat(4096) + "\r\n").repeat(25) + "0\r\n\r\n")),
            s -> s == 413,
            "413"));
    cases.add(
        new Case(
            "invalid UTF-8 JSON",
            request(
                "POST",
                "/api/post/id",
                "",
                new byte[] {'{', '"', 'i', 'd', '1', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'}),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "huge number",
            post(
                "/api/post/title/year",
                "{\"title1\":\"a\",\"released1\":1e999999,\"title2\":\"b\",\"released2\":1}"),
            s -> s == 400,
            "400"));
    cases.add(new Case("NaN", post("/api/post/id", "{\"id1\":NaN}"), s -> s == 400, "400"));
    cases.add(
        new Case(
            "lone surrogate id",
            post("/api/post/id", "{\"id1\":\"\\uD800\",\"id2\":\"tt0765429\"}"),
            s -> s == 404,
            "404"));
    cases.add(
        new Case(
            "200 KB key",
            post("/api/post/id", "{\"" + "k".repeat(200_000) + "\":1}"),
            s -> s == 413,
            "413"));
    cases.add(
        new Case(
            "negative Content-Length",
            bytes(
                "POST /api/post/id HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Content-Length: -5\r\n"
                    + "Connection: close\r\n\r\n"),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "two Content-Lengths",
            bytes(
                "POST /api/post/id HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Content-Length: 2\r\n"
                    + "Content-Length: 3\r\n"
                    + "Connection: close\r\n\r\n"
                    + "{}"),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "Content-Length and chunked",
            bytes(
                "POST /api/post/id HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Content-Length: 2\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n"
                    + "2\r\n"
                    + "{}\r\n"
                    + "0\r\n\r\n"),
            CLIENT_ERROR,
            "400"));
    cases.add(
        new Case(
            "body shorter than Content-Length",
            bytes(
                "POST /api/post/id HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Content-Length: 100\r\n"
                    + "Connection: close\r\n\r\n"
                    + "{\"id1\""),
            s -> s == 400,
            "400"));
    cases.add(
        new Case(
            "bad chunk size",
            bytes(
                "POST /api/post/id HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n"
                    + "ZZ\r\n"
                    + "{}\r\n"
                    + "0\r\n\r\n"),
            s -> s == 400,
            "400"));
    // Protocol garbage.
    cases.add(new Case("not HTTP", bytes("HELLO THERE\r\n\r\n"), s -> s == 400, "400"));
    cases.add(
        new Case(
            "HTTP/9.9", bytes("GET /status HTTP/9.9\r\nHost: x\r\n\r\n"), s -> s == 400, "400"));
    cases.add(
        new Case(
            "unknown Transfer-Encoding",
            bytes(
                "POST /api/post/id HTTP/1.1\r\n"
                    + "Host: x\r\n"
                    + "Transfer-Encoding: gzip\r\n"
                    + "Connection: close\r\n\r\n"),
            CLIENT_ERROR,
            "400/501"));
    byte[] junk = new byte[2048];
    new Random(42).nextBytes(junk);
    cases.add(new Case("random bytes", junk, CLIENT_ERROR, "400"));
    return cases;
  }

  @Test
  void hostileRequestsGetDocumented4xxNever5xx() {
    List<Case> cases = cases();
    assertTrue(cases.size() >= 100, "at least 100 hostile requests: " + cases.size());
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long usedBefore = rt.totalMemory() - rt.freeMemory();
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      String response = Http.raw(server.port(), c.request());
      int status = Http.status(response);
      boolean emptyObjectRequired = c.expected().equals("200 {}");
      if (!c.allowed().test(status)
          || (status == 200 && emptyObjectRequired && !Http.body(response).equals("{}"))) {
        wrong.add(
            c.name()
                + ": expected "
                + c.expected()
                + ", got "
                + status
                + " "
                + response.lines().findFirst().orElse("(nothing)"));
      }
      if (status >= 500 || status < 0) {
        wrong.add(c.name() + ": " + (status < 0 ? "no answer" : "server error " + status));
      }
    }
    assertEquals(
        List.of(),
        wrong,
        wrong.size() + " of " + cases.size() + " hostile requests answered wrongly");
    assertEquals(200, Http.get(server.baseUri(), "/status").statusCode(), "still answering");
    System.gc();
    long grown = (rt.totalMemory() - rt.freeMemory()) - usedBefore;
    assertTrue(grown < 64L << 20, "memory stays bounded, grew " + (grown >> 20) + " MiB");
  }

  @Test
  void slowlorisClientsDoNotStarveOthers() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.getOutputStream().write(bytes("GET /status HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        slow.add(s);
      }
      for (int round = 0; round < 10; round++) {
        for (Socket s : slow) {
          s.getOutputStream().write('z');
        }
        assertEquals(200, Http.get(server.baseUri(), "/status").statusCode());
        Thread.sleep(100);
      }
      // Served while all 40 still held their connections: a server out of threads would have
      // answered only once the 5 s idle timeout dropped them (so no wall-clock bound is needed).
      for (int i = 0; i < slow.size(); i++) {
        assertTrue(stillOpen(slow.get(i)), "trickling client " + i + " was dropped on the way");
      }
      // A slow client that finally finishes its request is answered too.
      Socket s = slow.get(0);
      OutputStream out = s.getOutputStream();
      out.write(bytes("\r\nConnection: close\r\n\r\n"));
      s.setSoTimeout(5_000);
      String answer = Http.readAll(s.getInputStream());
      assertEquals(200, Http.status(answer), answer);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  /** True when the server has neither closed nor answered the connection (nothing to read yet). */
  private static boolean stillOpen(Socket socket) throws IOException {
    socket.setSoTimeout(10);
    try {
      socket.getInputStream().read(); // an answer or the end of the stream: not waiting any more
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false; // reset by the server
    }
  }

  @Test
  void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    try (ApiServer quick =
        ApiServer.bind(
                TestGraphs.settings(Map.of("idle-timeout", "500ms")), TestGraphs.workedExample())
            .start()) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", quick.port()), 5_000);
          idle.add(s);
        }
        assertEquals(
            200,
            Http.get(quick.baseUri(), "/status").statusCode(),
            "200 idle connections cost no thread");
        // A half-sent request is idle too.
        idle.get(0).getOutputStream().write(bytes("GET /status HTTP/1.1\r\nHost: x\r\n"));
        for (Socket s : idle) {
          s.setSoTimeout(5_000);
          InputStream in = s.getInputStream();
          int first;
          try {
            first = in.read();
            while (first >= 0) {
              first = in.read();
            }
          } catch (SocketTimeoutException e) {
            throw new AssertionError(
                "an idle connection stayed open past the 500ms idle timeout", e);
          } catch (IOException e) {
            first = -1; // reset by the server: closed too
          }
          assertEquals(-1, first);
        }
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
      assertEquals(200, Http.get(quick.baseUri(), "/status").statusCode());
    }
  }
}
