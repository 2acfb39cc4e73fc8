package grafmuvi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The GrafMuvi routes, answered as upstream's Express 4.17 app does: routes match
 * case-insensitively and tolerate one trailing slash, HEAD answers every GET route, OPTIONS lists a
 * route's methods, an unknown route or method gets 404 {@code Cannot GET /x} (finalhandler's page),
 * a parameter that {@code decodeURIComponent} refuses gets 400 ({@code URIError}), JSON answers
 * carry Express's weak ETag and a matching {@code If-None-Match} gets 304, every answer says {@code
 * X-Powered-By: Express} (and Node's {@code Connection: keep-alive}, {@code Keep-Alive:
 * timeout=<s>}). Every exchange is completed exactly once, on every path.
 */
final class ApiHandler extends Handler.Abstract {

  static final String JSON = "application/json; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  /** Upstream's {@code GET /} body, byte for byte. */
  static final String ROOT =
      "{\"status\":\"OK\",\"ejemplo\":{\"ruta\":\"https://grafmuvi.herokuapp.com/api/title/The"
          + " godfather/1972\",\"valor\":\"{JSON: { 1: 'American gangster', 2: 'Black mass', 3:"
          + " 'Training day' }}\"}}";

  /**
   * Jetty's default URI rules, except that the path's percent-encoding is left to this handler
   * (decodeURIComponent's rules, per segment, as Express decodes parameters) and an encoded '/',
   * '%' or '\\' may stand in a parameter (Express addresses "Face%2FOff"), and an empty segment
   * ({@code //status}) reaches the routes, which match no route with it (Express: 404).
   */
  static final UriCompliance URI_COMPLIANCE =
      UriCompliance.DEFAULT.with(
          "grafmuvi",
          UriCompliance.Violation.BAD_PERCENT_ENCODING,
          UriCompliance.Violation.BAD_UTF8_ENCODING,
          UriCompliance.Violation.TRUNCATED_UTF8_ENCODING,
          UriCompliance.Violation.UTF16_ENCODINGS,
          UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
          UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
          UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
          UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

  private static final HttpField KEEP_ALIVE_CONNECTION =
      new HttpField(null, "Connection", "keep-alive");

  private static final String RULES_DESCRIPTION =
      "Rules listed under key 'rules' are not considered in your request. Check your request!";

  private final ApiSettings settings;
  private final Recommendations recommendations;
  private final ClientRateLimiter rateLimiter;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Answer root;
  private final Answer status;
  private final Answer notFoundMovie;
  private final ObjectNode rules;
  private final long delayMillis;
  private final String keepAlive;

  private final LongAdder requests = new LongAdder();
  private final LongAdder promotionsAccepted = new LongAdder();
  private final LongAdder promotionsRefused = new LongAdder();

  ApiHandler(ApiSettings settings, Recommendations recommendations) {
    this.settings = settings;
    this.recommendations = recommendations;
    this.rateLimiter =
        new ClientRateLimiter(settings.writeLimitCount(), settings.writeLimitWindow().toNanos());
    this.delayMillis = settings.responseDelay().toMillis();
    this.root = Answer.of(ROOT.getBytes(StandardCharsets.UTF_8));
    this.keepAlive = "timeout=" + settings.idleTimeout().toSeconds();
    this.status = answer(json.createObjectNode().put("status", "OK"));
    this.notFoundMovie =
        answer(json.createObjectNode().put("error", "error.not_found").put("source", "OmdbAPI"));
    this.rules =
        json.createObjectNode()
            .put(
                "1",
                "Plots shouldn't be too different from each other (not checked by this server: "
                    + "its data set has no plots, so this rule always passes)")
            .put(
                "2",
                "Genres are connected to each other. Using these connections genres should be "
                    + "connected through at most 1 node (distance(node1, node2) <= 2).")
            .put(
                "3",
                "A client may post at most "
                    + settings.writeLimitCount()
                    + " promotions within "
                    + settings.writeLimitWindow().toString().substring(2).toLowerCase(Locale.ROOT)
                    + ".");
  }

  long requests() {
    return requests.sum();
  }

  long promotionsAccepted() {
    return promotionsAccepted.sum();
  }

  long promotionsRefused() {
    return promotionsRefused.sum();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    requests.increment();
    expressHeaders(request, response);
    try {
      route(request, response, callback);
    } catch (BadRequest e) {
      respondBadRequest(request, response, callback, e.getMessage());
    } catch (BadPath e) {
      respondBadPath(request, response, callback, e.getMessage());
    } catch (RuntimeException e) {
      // Fail fast but keep the exchange complete: Jetty answers 500 and logs it at WARN.
      callback.failed(e);
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String rawPath = request.getHttpURI().getPath();
    if (rawPath == null || !rawPath.startsWith("/")) {
      respondNotFound(request, response, callback);
      return;
    }
    String pathQuery = request.getHttpURI().getPathQuery();
    if (pathQuery != null && pathQuery.length() > settings.maxUriLength()) {
      respondUriTooLong(request, response, callback);
      return;
    }
    List<String> path = segments(rawPath);
    Route route = Route.of(path);
    if (route == null || !(route.allows(method) || HttpMethod.OPTIONS.is(method))) {
      respondNotFound(request, response, callback);
    } else if (HttpMethod.OPTIONS.is(method)) {
      respondOptions(request, response, callback, route.methods);
    } else {
      switch (route) {
        case ROOT -> respondJson(request, response, callback, HttpStatus.OK_200, root);
        case STATUS -> respondJson(request, response, callback, HttpStatus.OK_200, status);
        case BY_ID ->
            respondJson(
                request,
                response,
                callback,
                HttpStatus.OK_200,
                recommendations.forId(decode(path.get(2))));
        case BY_TITLE ->
            respondTitle(request, response, callback, decode(path.get(2)), decode(path.get(3)));
        case POST_ID ->
            readBody(
                request,
                response,
                callback,
                body -> promoteById(request, response, callback, body));
        case POST_TITLE ->
            readBody(
                request,
                response,
                callback,
                body -> promoteByTitle(request, response, callback, body));
      }
    }
  }

  /** Upstream's routes and their methods (Express adds HEAD to every GET route). */
  private enum Route {
    ROOT("GET,HEAD"),
    STATUS("GET,HEAD"),
    BY_ID("GET,HEAD"),
    BY_TITLE("GET,HEAD"),
    POST_ID("POST"),
    POST_TITLE("POST");

    final String methods;

    Route(String methods) {
      this.methods = methods;
    }

    boolean allows(String method) {
      return methods.equals("POST")
          ? HttpMethod.POST.is(method)
          : HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    }

    /** The route a path matches, or null. */
    static Route of(List<String> path) {
      if (path.isEmpty()) {
        return ROOT;
      } else if (matches(path, "status")) {
        return STATUS;
      } else if (matches(path, "api", "id", null)) {
        return BY_ID;
      } else if (matches(path, "api", "title", null, null)) {
        return BY_TITLE;
      } else if (matches(path, "api", "post", "id")) {
        return POST_ID;
      }
      return matches(path, "api", "post", "title", "year") ? POST_TITLE : null;
    }
  }

  /** Upstream's title query: exact title, {@code released = toInt(year)}. */
  private void respondTitle(
      Request request, Response response, Callback callback, String title, String year) {
    Long released;
    try {
      released = CypherInt.toInt(year);
    } catch (CypherInt.TooLarge e) {
      // Neo4j evaluates toInt only for a movie whose title matched, and the query then fails:
      // upstream answers a failed query 404 {}.
      boolean titled =
          recommendations.graph().movies().stream().anyMatch(m -> m.title().equals(title));
      respondJson(
          request,
          response,
          callback,
          titled ? HttpStatus.NOT_FOUND_404 : HttpStatus.OK_200,
          Answer.EMPTY_OBJECT);
      return;
    }
    Answer answer =
        released == null ? Answer.EMPTY_OBJECT : recommendations.forTitle(title, released);
    respondJson(request, response, callback, HttpStatus.OK_200, answer);
  }

  // ---- routing helpers ----

  /** Path segments of a raw path, without the leading slash and one trailing slash. */
  private static List<String> segments(String rawPath) {
    String p =
        rawPath.length() > 1 && rawPath.endsWith("/")
            ? rawPath.substring(0, rawPath.length() - 1)
            : rawPath;
    List<String> out = new ArrayList<>();
    if (p.length() <= 1) {
      return out;
    }
    int start = 1;
    while (true) {
      int slash = p.indexOf('/', start);
      out.add(slash < 0 ? p.substring(start) : p.substring(start, slash));
      if (slash < 0) {
        return out;
      }
      start = slash + 1;
    }
  }

  /** Literal segments match case-insensitively; null stands for a non-empty parameter. */
  private static boolean matches(List<String> path, String... pattern) {
    if (path.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      String segment = path.get(i);
      if (pattern[i] == null ? segment.isEmpty() : !pattern[i].equalsIgnoreCase(segment)) {
        return false;
      }
    }
    return true;
  }

  /** decodeURIComponent of a path segment: strict percent-decoding of UTF-8 ('+' stays '+'). */
  static String decode(String raw) {
    String text = raw;
    if (raw.indexOf('%') >= 0) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '%') {
          int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
          int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
          if (lo < 0) {
            throw new BadPath("URIError: Failed to decode param '" + abbreviate(raw) + "'");
          }
          bytes.write(hi << 4 | lo);
          i += 2;
        } else {
          byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          bytes.write(utf8, 0, utf8.length);
        }
      }
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
      } catch (CharacterCodingException e) {
        throw new BadPath("URIError: Failed to decode param '" + abbreviate(raw) + "'");
      }
    }
    if (text.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)) {
      throw new BadPath("Bad Request: control characters are not allowed in a path parameter");
    }
    return text;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  // ---- write endpoints ----

  private interface BodyConsumer {
    void accept(byte[] body);
  }

  private void readBody(
      Request request, Response response, Callback callback, BodyConsumer consumer) {
    Content.Source.asByteArrayAsync(
            request, (int) Math.min(Integer.MAX_VALUE - 8, settings.maxRequestBody()))
        .whenComplete(
            (body, failure) -> {
              try {
                if (failure != null) {
                  respondBodyUnreadable(request, response, callback, failure);
                } else {
                  consumer.accept(body);
                }
              } catch (BadRequest e) {
                respondBadRequest(request, response, callback, e.getMessage());
              } catch (RuntimeException e) {
                callback.failed(e);
              }
            });
  }

  private void promoteById(Request request, Response response, Callback callback, byte[] body) {
    JsonNode post = object(body, "{\"id1\":\"tt…\",\"id2\":\"tt…\",\"downgrade\":false}");
    String id1 = requiredText(post, "id1");
    String id2 = requiredText(post, "id2");
    boolean downgrade = downgrade(post);
    promote(
        request,
        response,
        callback,
        recommendations.graph().indexOfId(id1),
        recommendations.graph().indexOfId(id2),
        downgrade);
  }

  private void promoteByTitle(Request request, Response response, Callback callback, byte[] body) {
    JsonNode post =
        object(body, "{\"title1\",\"released1\",\"title2\",\"released2\",\"downgrade\"}");
    String title1 = requiredText(post, "title1");
    int released1 = requiredYear(post, "released1");
    String title2 = requiredText(post, "title2");
    int released2 = requiredYear(post, "released2");
    boolean downgrade = downgrade(post);
    promote(
        request,
        response,
        callback,
        recommendations.graph().indexOfTitle(title1, released1),
        recommendations.graph().indexOfTitle(title2, released2),
        downgrade);
  }

  private void promote(
      Request request, Response response, Callback callback, int a, int b, boolean downgrade) {
    if (a < 0 || b < 0) {
      promotionsRefused.increment();
      respondJson(request, response, callback, HttpStatus.NOT_FOUND_404, notFoundMovie);
      return;
    }
    if (a == b) {
      promotionsRefused.increment();
      throw new BadRequest("a movie cannot be promoted as similar to itself");
    }
    Movie m1 = recommendations.graph().movie(a);
    Movie m2 = recommendations.graph().movie(b);
    if (!GenreGraph.compatible(m1.genre(), m2.genre())) {
      respondRuleBroken(
          request,
          response,
          callback,
          "rule 2: the genres "
              + m1.genre()
              + " and "
              + m2.genre()
              + " are not connected through at most one genre");
      return;
    }
    if (!rateLimiter.tryAcquire(client(request), System.nanoTime())) {
      respondRuleBroken(
          request,
          response,
          callback,
          "rule 3: this client already posted "
              + settings.writeLimitCount()
              + " promotions within the window");
      return;
    }
    int count;
    try {
      count = recommendations.promote(a, b, downgrade ? -1 : 1);
    } catch (Recommendations.PromotionRefused e) {
      promotionsRefused.increment();
      throw new BadRequest(e.getMessage());
    }
    promotionsAccepted.increment();
    ObjectNode result =
        json.createObjectNode()
            .put("id1", m1.imdbId())
            .put("id2", m2.imdbId())
            .put("promotions", count);
    respondJson(request, response, callback, HttpStatus.OK_200, answer(result));
  }

  private String client(Request request) {
    if (!settings.writeClientHeader().isEmpty()) {
      String named = request.getHeaders().get(settings.writeClientHeader());
      if (named != null && !named.isBlank()) {
        return named.strip();
      }
    }
    return Request.getRemoteAddr(request);
  }

  private JsonNode object(byte[] body, String expected) {
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not valid JSON; expected " + expected);
    } catch (java.io.IOException e) {
      throw new BadRequest("the body cannot be read as JSON; expected " + expected);
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest("the body must be a JSON object: " + expected);
    }
    return node;
  }

  private static String requiredText(JsonNode post, String field) {
    JsonNode v = post.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new BadRequest("field \"" + field + "\" must be a non-empty string");
    }
    if (v.asText().length() > 1000) {
      throw new BadRequest("field \"" + field + "\" is too long");
    }
    return v.asText();
  }

  private static int requiredYear(JsonNode post, String field) {
    JsonNode v = post.get(field);
    if (v != null && v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 0) {
      return v.asInt();
    }
    if (v != null && v.isTextual() && v.asText().matches("[0-9]{1,9}")) {
      return Integer.parseInt(v.asText());
    }
    throw new BadRequest("field \"" + field + "\" must be a release year, e.g. 1972");
  }

  private static boolean downgrade(JsonNode post) {
    JsonNode v = post.get("downgrade");
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new BadRequest("field \"downgrade\" must be true or false");
    }
    return v.asBoolean();
  }

  // ---- responses ----

  private Answer answer(JsonNode body) {
    try {
      return Answer.of(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private void respondJson(
      Request request, Response response, Callback callback, int status, Answer answer) {
    later(
        request,
        callback,
        () -> {
          response.getHeaders().put(HttpHeader.ETAG, answer.etag());
          boolean read =
              HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
          if (read && status == HttpStatus.OK_200 && matchesEtag(request, answer.etag())) {
            respondNotModified(response, callback);
            return;
          }
          response.setStatus(status);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
          respondBody(request, response, callback, answer.body());
        });
  }

  private static void respondNotModified(Response response, Callback callback) {
    response.setStatus(HttpStatus.NOT_MODIFIED_304);
    callback.succeeded();
  }

  private void respondNotFound(Request request, Response response, Callback callback) {
    respondErrorPage(
        request,
        response,
        callback,
        HttpStatus.NOT_FOUND_404,
        "Cannot "
            + abbreviate(request.getMethod())
            + ' '
            + abbreviate(request.getHttpURI().getPath()));
  }

  private void respondBadPath(
      Request request, Response response, Callback callback, String message) {
    respondErrorPage(request, response, callback, HttpStatus.BAD_REQUEST_400, message);
  }

  /** finalhandler's error answer: its HTML page, CSP and nosniff (no stack trace). */
  private void respondErrorPage(
      Request request, Response response, Callback callback, int status, String message) {
    byte[] page = errorPage(message).getBytes(StandardCharsets.UTF_8);
    later(
        request,
        callback,
        () -> {
          response.setStatus(status);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, HTML);
          response.getHeaders().put("Content-Security-Policy", "default-src 'none'");
          response.getHeaders().put("X-Content-Type-Options", "nosniff");
          respondBody(request, response, callback, page);
        });
  }

  /**
   * Express's automatic OPTIONS answer: Allow and the same list as an HTML body (res.send, so an
   * ETag).
   */
  private void respondOptions(
      Request request, Response response, Callback callback, String allowed) {
    Answer answer = Answer.of(allowed.getBytes(StandardCharsets.UTF_8));
    later(
        request,
        callback,
        () -> {
          response.setStatus(HttpStatus.OK_200);
          response.getHeaders().put(HttpHeader.ALLOW, allowed);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, HTML);
          response.getHeaders().put(HttpHeader.ETAG, answer.etag());
          respondBody(request, response, callback, answer.body());
        });
  }

  /**
   * finalhandler 1.1's page: the message HTML-escaped, newlines as {@code <br>}, double spaces as
   * {@code " &nbsp;"}.
   */
  static String errorPage(String message) {
    String body = escapeHtml(message).replace("\n", "<br>").replace("  ", " &nbsp;");
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n"
        + "<head>\n"
        + "<meta charset=\"utf-8\">\n"
        + "<title>Error</title>\n"
        + "</head>\n"
        + "<body>\n"
        + "<pre>"
        + body
        + "</pre>\n</body>\n</html>\n";
  }

  /**
   * X-Powered-By and Node's keep-alive headers, on every answer of the handler (304 and errors
   * too).
   */
  private void expressHeaders(Request request, Response response) {
    response.getHeaders().put("X-Powered-By", "Express");
    if (keepsAlive(request)) {
      // A field without its HttpHeader constant: Jetty writes it as is (it drops its own keep-alive
      // on 1.1).
      response.getHeaders().put(KEEP_ALIVE_CONNECTION);
      response.getHeaders().put("Keep-Alive", keepAlive);
    }
  }

  /**
   * Node keeps an HTTP/1.1 connection unless told close, an HTTP/1.0 one only when told keep-alive.
   */
  private static boolean keepsAlive(Request request) {
    String connection = request.getHeaders().get(HttpHeader.CONNECTION);
    String asked = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    if (asked.contains("close")) {
      return false;
    }
    return request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1
        || asked.contains("keep-alive");
  }

  private void respondBadRequest(
      Request request, Response response, Callback callback, String description) {
    ObjectNode body = json.createObjectNode().put("errorCode", 400).put("description", description);
    respondError(request, response, callback, HttpStatus.BAD_REQUEST_400, body);
  }

  private void respondRuleBroken(
      Request request, Response response, Callback callback, String which) {
    promotionsRefused.increment();
    ObjectNode body =
        json.createObjectNode()
            .put("errorCode", 400)
            .put("description", RULES_DESCRIPTION + " Not met: " + which + ".");
    body.set("rules", rules);
    respondError(request, response, callback, HttpStatus.BAD_REQUEST_400, body);
  }

  private void respondUriTooLong(Request request, Response response, Callback callback) {
    ObjectNode body =
        json.createObjectNode()
            .put("errorCode", 414)
            .put(
                "description", "the URI is longer than " + settings.maxUriLength() + " characters");
    respondError(request, response, callback, HttpStatus.URI_TOO_LONG_414, body);
  }

  private void respondBodyUnreadable(
      Request request, Response response, Callback callback, Throwable failure) {
    int status = HttpStatus.BAD_REQUEST_400;
    String description = "the request body could not be read";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        status = http.getCode();
        description =
            status == HttpStatus.PAYLOAD_TOO_LARGE_413
                ? "the request body is larger than " + settings.maxRequestBody() + " bytes"
                : description;
        break;
      }
      if (t instanceof IllegalArgumentException) {
        status = HttpStatus.PAYLOAD_TOO_LARGE_413;
        description = "the request body is larger than " + settings.maxRequestBody() + " bytes";
        break;
      }
    }
    if (status == HttpStatus.BAD_REQUEST_400) {
      respondBadRequest(request, response, callback, description);
    } else {
      ObjectNode body =
          json.createObjectNode().put("errorCode", status).put("description", description);
      respondError(request, response, callback, status, body);
    }
  }

  private void respondError(
      Request request, Response response, Callback callback, int status, ObjectNode body) {
    Answer answer = answer(body);
    later(
        request,
        callback,
        () -> {
          if (response.isCommitted()) {
            callback.failed(new IllegalStateException("response already committed"));
            return;
          }
          response.setStatus(status);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
          respondBody(request, response, callback, answer.body());
        });
  }

  private static void respondBody(
      Request request, Response response, Callback callback, byte[] body) {
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /** Runs a response now, or after the test-only response-delay without holding a thread. */
  private void later(Request request, Callback callback, Runnable respond) {
    Runnable guarded =
        () -> {
          try {
            respond.run();
          } catch (RuntimeException e) {
            callback.failed(e);
          }
        };
    if (delayMillis <= 0) {
      guarded.run();
    } else {
      request.getComponents().getScheduler().schedule(guarded, delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Express "fresh": If-None-Match of "*" or a list holding this ETag (weak comparison). */
  private static boolean matchesEtag(Request request, String etag) {
    String header = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (header == null || header.isBlank()) {
      return false;
    }
    if (header.strip().equals("*")) {
      return true;
    }
    String opaque = stripWeak(etag);
    for (String candidate : header.split(",")) {
      if (stripWeak(candidate.strip()).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  private static String stripWeak(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  private static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 || c == 0x7F ? '?' : c);
      }
    }
    return out.toString();
  }

  /** A path parameter decodeURIComponent refuses: 400 with finalhandler's HTML page. */
  private static final class BadPath extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPath(String message) {
      super(message, null, false, false);
    }
  }

  /** A request the API cannot answer as asked: 400 with a JSON description. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
