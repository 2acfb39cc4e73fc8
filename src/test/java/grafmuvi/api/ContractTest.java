package grafmuvi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the read contract, over real HTTP, against the bundled data set. */
class ContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertJson(HttpResponse<String> r) {
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        String etag = r.headers().firstValue("ETag").orElse("");
        assertTrue(etag.matches("W/\"[0-9a-f]+-[A-Za-z0-9+/]{27}\""), "weak ETag: " + etag);
        assertEquals(Integer.toHexString(r.body().getBytes(StandardCharsets.UTF_8).length),
                etag.substring(3, etag.indexOf('-')), "ETag holds the body length");
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
    void rootAnswersAnExampleObject() throws Exception {
        HttpResponse<String> r = Http.get(base, "/");
        assertEquals(200, r.statusCode());
        assertJson(r);
        JsonNode body = json(r);
        assertEquals("OK", body.get("status").asText());
        assertTrue(body.get("ejemplo").isObject());
        assertEquals(List.of("American Gangster", "Black Mass", "Training Day"), ranked(body.get("ejemplo").get("returnValue")));
        int size = r.body().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size > 120 && size < 220, "a small example object, ~177 bytes like upstream: " + size);
    }

    @Test
    void statusIsOk() {
        HttpResponse<String> r = Http.get(base, "/status");
        assertEquals(200, r.statusCode());
        assertJson(r);
        assertEquals("{\"status\":\"OK\"}", r.body());
    }

    @Test
    void godfatherByIdHasRecommendations() throws Exception {
        HttpResponse<String> r = Http.get(base, "/api/id/tt0068646");
        assertEquals(200, r.statusCode());
        assertJson(r);
        List<String> titles = ranked(json(r));
        assertEquals(10, titles.size(), "max-results default");
        // Hop 1 with the seed promotions (100 each) comes first, ties broken by title.
        assertEquals(List.of("American Gangster", "Black Mass"), titles.subList(0, 2));
        assertFalse(titles.contains("The Godfather"), "the movie itself is not recommended");
        assertEquals(titles.size(), titles.stream().distinct().count(), "each movie once");
    }

    @Test
    void godfatherByTitleIsCaseInsensitiveAndUrlDecoded() {
        HttpResponse<String> byTitle = Http.get(base, "/api/title/The%20godfather/1972");
        HttpResponse<String> byId = Http.get(base, "/api/id/tt0068646");
        assertEquals(200, byTitle.statusCode());
        assertJson(byTitle);
        assertEquals(byId.body(), byTitle.body());
        assertEquals(byId.headers().firstValue("ETag"), byTitle.headers().firstValue("ETag"));
        assertEquals(byId.body(), Http.get(base, "/api/title/THE%20GODFATHER/1972").body());
    }

    @Test
    void seedMoviesHaveTheirRealIds() throws Exception {
        for (String id : List.of(TestGraphs.AMERICAN_GANGSTER, TestGraphs.TRAINING_DAY, TestGraphs.BLACK_MASS)) {
            List<String> titles = ranked(json(Http.get(base, "/api/id/" + id)));
            assertFalse(titles.isEmpty(), id);
        }
        assertEquals("The Godfather", ranked(json(Http.get(base, "/api/id/tt0765429"))).get(0),
                "American Gangster's strongest edge is the seed's 100 to The Godfather");
        assertEquals("The Godfather", ranked(json(Http.get(base, "/api/title/black%20mass/2015"))).get(0));
    }

    @Test
    void otherMoviesHaveNonImdbIds() throws Exception {
        // vega's first entry, The Land Girls (1998), is vd0000.
        assertEquals(ranked(json(Http.get(base, "/api/title/The%20Land%20Girls/1998"))),
                ranked(json(Http.get(base, "/api/id/vd0000"))));
        assertFalse(ranked(json(Http.get(base, "/api/id/vd0000"))).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/id/tt0000000", "/api/id/nope", "/api/title/No%20Such%20Movie/1972",
        "/api/title/The%20Godfather/1973", "/api/id/%27%20OR%201%3D1%20--", "/api/id/tt0068646x"})
    void unknownMovieIsAnEmptyObject(String path) {
        HttpResponse<String> r = Http.get(base, path);
        assertEquals(200, r.statusCode());
        assertJson(r);
        assertEquals("{}", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x", "/api", "/api/id", "/api/id/", "/api/title/The%20Godfather", "/api/title/a/1972/x",
        "/api/post/id", "/statusx", "/index.html"})
    void unknownRouteIsExpressLike404(String path) {
        HttpResponse<String> r = Http.get(base, path);
        assertEquals(404, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        assertTrue(r.body().contains("<pre>Cannot GET " + path + "</pre>"), r.body());
    }

    @Test
    void noMethodNotAllowedOnlyNotFound() {
        HttpResponse<String> r = Http.post(base, "/status", "{}");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("Cannot POST /status"), r.body());
    }

    @Test
    void unknownRouteEscapesHtml() {
        HttpResponse<String> r = Http.get(base, "/%3Cscript%3E");
        assertEquals(404, r.statusCode());
        assertFalse(r.body().contains("<script>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/STATUS", "/Status/", "/status/", "/API/ID/tt0068646", "/api/id/tt0068646/",
        "/Api/Title/The%20godfather/1972/", "/"})
    void routesAreCaseInsensitiveAndTolerateATrailingSlash(String path) {
        HttpResponse<String> r = Http.get(base, path);
        assertEquals(200, r.statusCode(), path);
        assertJson(r);
        assertNotEquals("{}", r.body());
    }

    @Test
    void idParameterKeepsItsCase() {
        assertEquals("{}", Http.get(base, "/api/id/TT0068646").body(), "ids are case-sensitive, like Neo4j");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/status", "/api/id/tt0068646", "/api/title/The%20godfather/1972", "/api/id/unknown"})
    void headHasTheSameHeadersAndNoBody(String path) {
        HttpResponse<String> get = Http.get(base, path);
        HttpResponse<String> head = Http.head(base, path);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        for (String h : List.of("Content-Type", "ETag", "Content-Length")) {
            assertEquals(get.headers().firstValue(h), head.headers().firstValue(h), h);
        }
        assertEquals(get.body().getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(head.headers().firstValue("Content-Length").orElseThrow()));
    }

    @Test
    void headOnTheWireCarriesNoBody() {
        String raw = Http.raw(server.port(), "HEAD /api/id/tt0068646 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, Http.status(raw));
        assertEquals("", Http.body(raw));
        assertTrue(raw.contains("Content-Length: "), raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/status", "/api/id/tt0068646", "/api/title/The%20godfather/1972", "/api/id/unknown"})
    void matchingIfNoneMatchGives304(String path) {
        HttpResponse<String> first = Http.get(base, path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = Http.get(base, path, "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElse(null));
        assertEquals(304, Http.get(base, path, "If-None-Match", "\"other\", " + etag).statusCode(), "a list");
        assertEquals(304, Http.get(base, path, "If-None-Match", etag.substring(2)).statusCode(), "weak comparison");
        assertEquals(304, Http.get(base, path, "If-None-Match", "*").statusCode());
        HttpResponse<String> stale = Http.get(base, path, "If-None-Match", "W/\"2-stale\"");
        assertEquals(200, stale.statusCode());
        assertEquals(first.body(), stale.body());
    }

    @Test
    void headWithMatchingIfNoneMatchGives304() {
        String etag = Http.get(base, "/status").headers().firstValue("ETag").orElseThrow();
        String raw = Http.raw(server.port(), "HEAD /status HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(304, Http.status(raw));
    }

    @Test
    void urlEncodedTitlesWithAccentsAndPunctuation() throws Exception {
        // vega spells some accents oddly (shipped verbatim): "LÈon" (1994), UTF-8 percent-encoded.
        List<String> leon = ranked(json(Http.get(base, "/api/title/L%C3%88on/1994")));
        assertFalse(leon.isEmpty());
        assertEquals(leon, ranked(json(Http.get(base, "/api/title/l%C3%A8on/1994"))), "accented lower case");
        // Commas, colons, apostrophes, ampersands, question marks, '#', '$', '!' and '+' in titles.
        for (String[] t : new String[][] {
            {"Crouching Tiger, Hidden Dragon", "2000"},
            {"Star Wars Ep. IV: A New Hope", "1977"},
            {"Who Framed Roger Rabbit?", "1988"},
            {"Dumb & Dumber", "1994"},
            {"Romeo+Juliet", "1996"},
            {"Revolution#9", "2002"},
            {"What the #$'! Do We Know", "2004"},
            {"AimÈe & Jaguar", "2000"},
        }) {
            HttpResponse<String> r = Http.get(base, "/api/title/" + encode(t[0]) + "/" + t[1]);
            assertEquals(200, r.statusCode(), t[0]);
            assertFalse(ranked(json(r)).isEmpty(), t[0] + " " + r.body());
        }
        HttpResponse<String> slash = Http.get(base, "/api/title/" + encode("Face/Off") + "/1997");
        assertTrue(slash.statusCode() >= 400 && slash.statusCode() < 500,
                "a title with '/' cannot be addressed (contract): " + slash.statusCode());
    }

    static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void plusIsNotASpace() {
        assertEquals("{}", Http.get(base, "/api/title/The+Godfather/1972").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/title/The%20Godfather/abc", "/api/title/The%20Godfather/19x2",
        "/api/title/The%20Godfather/-1972", "/api/title/The%20Godfather/1972.0", "/api/title/The%20Godfather/99999999999"})
    void badParametersGet400(String path) throws Exception {
        HttpResponse<String> r = Http.get(base, path);
        assertEquals(400, r.statusCode(), path);
        assertEquals(400, json(r).get("errorCode").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/id/%00", "/api/id/%7F", "/api/title/The%0AGodfather/1972", "/api/title/%zz/1972", "/api/title/%FF/1972",
        "/api/title/%C3%28/1972", "/api/id/%E2%82"})
    void badEncodingIsRefusedByJettyWith400(String path) {
        // Jetty's URI compliance refuses these before the API handler (its own small HTML error page).
        String raw = Http.raw(server.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(400, Http.status(raw), path + "\n" + raw);
    }

    @Test
    void statsCountDistinctMoviesServed() {
        int before = server.stats().distinctMoviesServed();
        Http.get(base, "/api/id/vd0001");
        Http.get(base, "/api/id/vd0001");
        Http.get(base, "/api/id/vd0002");
        Http.get(base, "/api/id/no-such-movie");
        int after = server.stats().distinctMoviesServed();
        assertEquals(before + 2, after, "vd0001 and vd0002 once each; an unknown id is not a movie");
        ApiStats s = server.stats();
        assertEquals(3201, s.movies());
        assertTrue(s.edges() > 3201 * 5 / 2, "every movie has at least 5 edges: " + s.edges());
        assertTrue(s.requests() >= 4);
    }
}
