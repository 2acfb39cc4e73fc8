package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import grafmuvi.api.testing.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the read contract, over real HTTP, against the default (seed) graph, as upstream
 * answers it.
 */
class ContractTest {

  /** The seed study's 61-byte answer to its id and title requests. */
  static final String SEED_ANSWER =
      "{\"1\":\"American gangster\",\"2\":\"Black mass\",\"3\":\"Training day\"}";

  /** Express's ETag of it: W/"<hex length>-<27 chars of base64 SHA-1>" (checked with openssl). */
  static final String SEED_ETAG = "W/\"3d-sIsDMyY7d1AOFbW9fFp1qQHmZiI\"";

  static final String ROOT =
      "{\"status\":\"OK\",\"ejemplo\":{\"ruta\":\"https://grafmuvi.herokuapp.com/api/title/The"
          + " godfather/1972\",\"valor\":\"{JSON: { 1: 'American gangster', 2: 'Black mass', 3:"
          + " 'Training day' }}\"}}";

  private static ApiServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server = ApiServer.bind(TestGraphs.settings()).start();
    base = server.baseUri();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void assertJson(HttpResponse<String> r) {
    assertEquals(
        "application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
    String etag = r.headers().firstValue("ETag").orElse("");
    assertTrue(etag.matches("W/\"[0-9a-f]+-[A-Za-z0-9+/]{27}\""), "weak ETag: " + etag);
    assertEquals(Answer.weakEtag(r.body().getBytes(StandardCharsets.UTF_8)), etag);
  }

  /** Values "1".."n" in order, as a list; fails unless the keys are exactly 1..n. */
  static List<String> ranked(JsonNode answer) {
    List<String> titles = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    answer.fieldNames().forEachRemaining(keys::add);
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(Integer.toString(i + 1), keys.get(i), "keys are 1..n in order: " + answer);
      titles.add(answer.get(keys.get(i)).asText());
    }
    return titles;
  }

  @Test
  void rootIsUpstreamsExampleByteForByte() {
    HttpResponse<String> r = Http.get(base, "/");
    assertEquals(200, r.statusCode());
    assertJson(r);
    assertEquals(ROOT, r.body());
    assertEquals(177, r.body().getBytes(StandardCharsets.UTF_8).length);
    assertEquals(
        "W/\"b1-gkI6WyskLo/2KkMMowQFcrTNO0Q\"",
        r.headers().firstValue("ETag").orElse(null),
        "checked with openssl");
  }

  @Test
  void statusIsOk() {
    HttpResponse<String> r = Http.get(base, "/status");
    assertEquals(200, r.statusCode());
    assertJson(r);
    assertEquals("{\"status\":\"OK\"}", r.body());
    assertEquals(
        "W/\"f-v/Y1JusChTxrQUzPtNAKycooOTA\"", r.headers().firstValue("ETag").orElse(null));
    assertEquals(
        "W/\"2-vyGp6PvFo4RvsFtPoIWeCReyIC8\"",
        Http.get(base, "/api/id/nope").headers().firstValue("ETag").orElse(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/id/tt0068646", "/api/title/The%20godfather/1972"})
  void theSeedsRequestsAnswerTheSeeds61Bytes(String path) {
    HttpResponse<String> r = Http.get(base, path);
    assertEquals(200, r.statusCode());
    assertJson(r);
    assertEquals(SEED_ANSWER, r.body());
    assertEquals(61, r.body().getBytes(StandardCharsets.UTF_8).length);
    assertEquals(SEED_ETAG, r.headers().firstValue("ETag").orElse(null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/id/tt0765429|{\"1\":\"The godfather\",\"2\":\"Training day\",\"3\":\"Black mass\"}",
        "/api/id/tt1355683|{\"1\":\"The godfather\",\"2\":\"American gangster\",\"3\":\"Training"
            + " day\"}",
        "/api/id/tt0139654|{\"1\":\"American gangster\",\"2\":\"The godfather\",\"3\":\"Black"
            + " mass\"}",
        "/api/title/Black%20mass/2015|{\"1\":\"The godfather\",\"2\":\"American"
            + " gangster\",\"3\":\"Training day\"}",
      })
  void theOtherSeedMoviesAnswerTheirPathsInUpstreamsOrder(String path, String body) {
    HttpResponse<String> r = Http.get(base, path);
    assertEquals(200, r.statusCode());
    assertEquals(body, r.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/title/The%20Godfather/1972",
        "/api/title/THE%20GODFATHER/1972",
        "/api/id/TT0068646",
        "/api/title/The%20godfather%20/1972",
        "/api/title/%20The%20godfather/1972",
        "/api/title/The%20godfather/1973",
        "/api/id/tt0000000",
        "/api/id/nope",
        "/api/title/No%20Such%20Movie/1972",
        "/api/id/%27%20OR%201%3D1%20--",
        "/api/id/tt0068646x",
        "/api/title/The+godfather/1972"
      })
  void lookupsAreExactAndCaseSensitiveElseAnEmptyObject(String path) {
    HttpResponse<String> r = Http.get(base, path);
    assertEquals(200, r.statusCode(), path);
    assertJson(r);
    assertEquals("{}", r.body(), path);
  }

  @ParameterizedTest
  @CsvSource({
    "1972, true",
    "1972.0, true",
    "1972.9, true",
    "+1972, true",
    "01972, true",
    "1.972e3, true",
    "%201972, false",
    "1972%20, false",
    "1972abc, false",
    "abc, false",
    "-1972, false",
    "19x2, false",
    "99999999999, false",
    "1972.5e0, true"
  })
  void theYearIsReadAsCypherToInt(String year, boolean matches) {
    HttpResponse<String> r = Http.get(base, "/api/title/The%20godfather/" + year);
    assertEquals(200, r.statusCode(), year);
    assertEquals(matches ? SEED_ANSWER : "{}", r.body(), year);
  }

  @Test
  void aYearBeyondALongFailsTheQueryAs404EmptyObject() {
    HttpResponse<String> r = Http.get(base, "/api/title/The%20godfather/1e30");
    assertEquals(404, r.statusCode());
    assertJson(r);
    assertEquals("{}", r.body());
    assertEquals(
        "{}",
        Http.get(base, "/api/title/No%20such/99999999999999999999").body(),
        "no title: toInt never runs");
    assertEquals(200, Http.get(base, "/api/title/No%20such/99999999999999999999").statusCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/x",
        "/api",
        "/api/id",
        "/api/id/",
        "/api/title/The%20godfather",
        "/api/title/a/1972/x",
        "/api/post/id",
        "/statusx",
        "/index.html",
        "/nope"
      })
  void unknownRouteIsFinalhandlers404Page(String path) {
    HttpResponse<String> r = Http.get(base, path);
    assertEquals(404, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
    assertEquals(
        "default-src 'none'", r.headers().firstValue("Content-Security-Policy").orElse(null));
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals("Express", r.headers().firstValue("X-Powered-By").orElse(null));
    assertFalse(r.headers().firstValue("ETag").isPresent());
    assertEquals(
        "<!DOCTYPE html>\n"
            + "<html lang=\"en\">\n"
            + "<head>\n"
            + "<meta charset=\"utf-8\">\n"
            + "<title>Error</title>\n"
            + "</head>\n"
            + "<body>\n"
            + "<pre>Cannot GET "
            + path
            + "</pre>\n</body>\n</html>\n",
        r.body());
  }

  @Test
  void noMethodNotAllowedOnlyNotFound() {
    HttpResponse<String> r = Http.post(base, "/status", "{}");
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("<pre>Cannot POST /status</pre>"), r.body());
    String raw =
        Http.raw(
            server.port(),
            "DELETE /api/id/tt0068646 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(404, Http.status(raw));
    assertTrue(raw.contains("Cannot DELETE /api/id/tt0068646"), raw);
  }

  @Test
  void unknownRouteEscapesHtml() {
    HttpResponse<String> r = Http.get(base, "/%3Cscript%3E");
    assertEquals(404, r.statusCode());
    assertFalse(r.body().contains("<script>"));
  }

  @ParameterizedTest
  @CsvSource({
    "/status, GET HEAD",
    "/, GET HEAD",
    "/api/id/tt0068646, GET HEAD",
    "/api/title/x/1, GET HEAD",
    "/api/post/id, POST",
    "/api/post/title/year, POST"
  })
  void optionsListsTheRoutesMethods(String path, String methods) {
    String allowed = methods.replace(' ', ',');
    String raw =
        Http.raw(
            server.port(), "OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(200, Http.status(raw), raw);
    assertTrue(raw.contains("\r\nAllow: " + allowed + "\r\n"), raw);
    assertTrue(raw.contains("\r\nContent-Type: text/html; charset=utf-8\r\n"), raw);
    assertTrue(
        raw.contains(
            "\r\nETag: " + Answer.weakEtag(allowed.getBytes(StandardCharsets.UTF_8)) + "\r\n"),
        raw);
    assertEquals(allowed, Http.body(raw));
    assertEquals(
        404,
        Http.status(
            Http.raw(
                server.port(), "OPTIONS /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/id/%E0%A4%A",
        "/api/title/%E0%A4%A/1972",
        "/api/id/%FF",
        "/api/id/%C3%28",
        "/api/id/%zz",
        "/api/id/abc%",
        "/api/title/The%20godfather/%E2%82"
      })
  void aParameterDecodeUriComponentRefusesIs400Html(String path) {
    String raw =
        Http.raw(
            server.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(400, Http.status(raw), raw);
    assertTrue(raw.contains("\r\nContent-Type: text/html; charset=utf-8\r\n"), raw);
    assertTrue(raw.contains("\r\nX-Powered-By: Express\r\n"), raw);
    assertTrue(Http.body(raw).startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), raw);
    assertFalse(raw.contains("    at "), "no stack trace");
  }

  @Test
  void aDecodeFailureNamesTheParameterAsExpressDoes() {
    HttpResponse<String> r = Http.get(base, "/api/id/%E0%A4");
    assertEquals(400, r.statusCode());
    assertTrue(
        r.body().contains("<pre>URIError: Failed to decode param &#39;%E0%A4&#39;</pre>"),
        r.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/STATUS",
        "/Status/",
        "/status/",
        "/API/ID/tt0068646",
        "/api/id/tt0068646/",
        "/Api/Title/The%20godfather/1972/",
        "/"
      })
  void routesAreCaseInsensitiveAndTolerateATrailingSlash(String path) {
    HttpResponse<String> r = Http.get(base, path);
    assertEquals(200, r.statusCode(), path);
    assertJson(r);
    assertFalse(r.body().equals("{}"), path);
  }

  @Test
  void everyAnswerCarriesExpressAndNodesKeepAliveHeaders() {
    String raw = Http.raw(server.port(), "GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(200, Http.status(raw));
    assertTrue(raw.contains("\r\nX-Powered-By: Express\r\n"), raw);
    assertTrue(raw.contains("\r\nConnection: keep-alive\r\n"), raw);
    assertTrue(raw.contains("\r\nKeep-Alive: timeout=5\r\n"), "idle-timeout 5s by default: " + raw);
    String closing =
        Http.raw(server.port(), "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(closing.contains("\r\nConnection: close\r\n"), closing);
    assertFalse(closing.contains("Keep-Alive"), closing);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/status",
        "/api/id/tt0068646",
        "/api/title/The%20godfather/1972",
        "/api/id/unknown"
      })
  void headHasTheSameHeadersAndNoBody(String path) {
    HttpResponse<String> get = Http.get(base, path);
    HttpResponse<String> head = Http.head(base, path);
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
    for (String h : List.of("Content-Type", "ETag", "Content-Length", "X-Powered-By")) {
      assertEquals(get.headers().firstValue(h), head.headers().firstValue(h), h);
    }
    assertEquals(
        get.body().getBytes(StandardCharsets.UTF_8).length,
        Integer.parseInt(head.headers().firstValue("Content-Length").orElseThrow()));
  }

  @Test
  void headOnTheWireCarriesNoBody() {
    String raw =
        Http.raw(
            server.port(),
            "HEAD /api/id/tt0068646 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(200, Http.status(raw));
    assertEquals("", Http.body(raw));
    assertTrue(raw.contains("\r\nContent-Length: 61\r\n"), raw);
    assertTrue(raw.contains("\r\nETag: " + SEED_ETAG + "\r\n"), raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/status",
        "/api/id/tt0068646",
        "/api/title/The%20godfather/1972",
        "/api/id/unknown"
      })
  void matchingIfNoneMatchGives304(String path) {
    HttpResponse<String> first = Http.get(base, path);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = Http.get(base, path, "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(etag, again.headers().firstValue("ETag").orElse(null));
    assertFalse(again.headers().firstValue("Content-Type").isPresent(), "no Content-Type on 304");
    assertEquals(
        304, Http.get(base, path, "If-None-Match", "\"other\", " + etag).statusCode(), "a list");
    assertEquals(
        304,
        Http.get(base, path, "If-None-Match", etag.substring(2)).statusCode(),
        "weak comparison");
    assertEquals(304, Http.get(base, path, "If-None-Match", "*").statusCode());
    HttpResponse<String> stale = Http.get(base, path, "If-None-Match", "W/\"2-stale\"");
    assertEquals(200, stale.statusCode());
    assertEquals(first.body(), stale.body());
  }

  @Test
  void headWithMatchingIfNoneMatchGives304() {
    String etag = Http.get(base, "/status").headers().firstValue("ETag").orElseThrow();
    String raw =
        Http.raw(
            server.port(),
            "HEAD /status HTTP/1.1\r\nHost: x\r\nIf-None-Match: "
                + etag
                + "\r\nConnection: close\r\n\r\n");
    assertEquals(304, Http.status(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/id/%00", "/api/id/%7F", "/api/title/The%0AGodfather/1972"})
  void controlCharactersInAParameterAre400(String path) {
    // A deliberate extra: upstream would look them up (200 {}).
    String raw =
        Http.raw(
            server.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(400, Http.status(raw), path + "\n" + raw);
  }

  @Test
  void statsCountDistinctMoviesServed() {
    try (ApiServer own = ApiServer.bind(TestGraphs.settings()).start()) {
      Http.get(own.baseUri(), "/api/id/tt0765429");
      Http.get(own.baseUri(), "/api/id/tt0765429");
      Http.get(own.baseUri(), "/api/title/Training%20day/2001");
      Http.get(own.baseUri(), "/api/id/no-such-movie");
      ApiStats s = own.stats();
      assertEquals(2, s.distinctMoviesServed(), "two movies once each; an unknown id is no movie");
      assertEquals(4, s.movies());
      assertEquals(3, s.edges());
      assertEquals(4, s.requests());
      assertTrue(
          own.ranking().startsWith("paths, auto: every movie has at most 3 simple paths"),
          own.ranking());
    }
  }
}
