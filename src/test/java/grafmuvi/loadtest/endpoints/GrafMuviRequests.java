package grafmuvi.loadtest.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;

import grafmuvi.loadtest.movies.MovieData;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.http.HttpDsl;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GrafMuvi endpoints, each request defined once and named after its endpoint. The names are the
 * rows of Gatling's report and of summary.json: keep them stable, so that runs compare.
 */
public final class GrafMuviRequests {

  public static final String STATUS = "status";
  public static final String SIMILAR_BY_ID = "similar by id";
  public static final String SIMILAR_BY_TITLE = "similar by title";
  public static final String PROMOTE = "promote";

  private final Duration timeout;
  private final boolean expectRecommendations;
  private final List<CheckBuilder> measuring;

  /**
   * timeout: a request unanswered after it is failed; expectRecommendations: check $.1 exists;
   * measuring: checks that only save figures, put before the others on every request.
   */
  public GrafMuviRequests(
      Duration timeout, boolean expectRecommendations, List<CheckBuilder> measuring) {
    this.timeout = timeout;
    this.expectRecommendations = expectRecommendations;
    this.measuring = List.copyOf(measuring);
  }

  /** GET /status: {"status":"OK"}. */
  public HttpRequestActionBuilder status() {
    return http(STATUS).get("/status").requestTimeout(timeout).check(jsonObject(200));
  }

  /** GET /api/id/{imdbId}: the recommendations of the fed movie. */
  public HttpRequestActionBuilder similarById() {
    return http(SIMILAR_BY_ID)
        .get("/api/id/#{" + MovieData.ID_SEGMENT + "}")
        .requestTimeout(timeout)
        .check(recommendations());
  }

  /** GET /api/title/{title}/{year}: the same, by title and release year. */
  public HttpRequestActionBuilder similarByTitle() {
    return http(SIMILAR_BY_TITLE)
        .get("/api/title/#{" + MovieData.TITLE_SEGMENT + "}/#{" + MovieData.YEAR + "}")
        .requestTimeout(timeout)
        .check(recommendations());
  }

  /**
   * POST /api/post/id of the two fed movies; the API's rules may refuse it (400): both answers are
   * the contract's.
   */
  public HttpRequestActionBuilder promote() {
    return http(PROMOTE)
        .post("/api/post/id")
        .body(
            StringBody(
                "{\"id1\":#{"
                    + MovieData.IMDB_ID
                    + "(0).jsonStringify()},\"id2\":#{"
                    + MovieData.IMDB_ID
                    + "(1).jsonStringify()},\"downgrade\":false}"))
        .asJson()
        .requestTimeout(timeout)
        .check(jsonObject(200, 400));
  }

  // Checks: every answer is a JSON object with an expected status; id and title answers recommend
  // something.
  private List<CheckBuilder> recommendations() {
    List<CheckBuilder> checks = jsonObject(200);
    if (expectRecommendations) {
      checks.add(jsonPath("$['1']").exists().name("at least one recommendation"));
    }
    return checks;
  }

  private List<CheckBuilder> jsonObject(Integer... statuses) {
    List<CheckBuilder> checks = new ArrayList<>(measuring);
    checks.add(
        statuses.length == 1 ? HttpDsl.status().is(statuses[0]) : HttpDsl.status().in(statuses));
    checks.add(
        header("Content-Type")
            .transform(GrafMuviRequests::isJson)
            .is(true)
            .name("JSON content type"));
    checks.add(jsonPath("$").ofMap().exists().name("JSON object"));
    return checks;
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }
}
