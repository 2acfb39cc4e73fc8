package grafmuvi.api;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Overload shedding: Jetty's {@link QoSHandler} lets a bounded number of requests in flight, parks
 * a bounded number more for a bounded time, and rejects the rest; this subclass only makes the
 * rejection a 503 with {@code Retry-After}.
 */
final class OverloadHandler extends QoSHandler {

  private static final String BODY = "Service Unavailable: the server is overloaded, retry later\n";

  private final String retryAfterSeconds;
  private final LongAdder rejections = new LongAdder();

  OverloadHandler(ApiSettings settings) {
    setMaxRequestCount(settings.maxConcurrentRequests());
    setMaxSuspendedRequestCount(settings.maxQueuedRequests());
    setMaxSuspend(settings.maxQueueWait());
    setRejectStatusCode(HttpStatus.SERVICE_UNAVAILABLE_503);
    this.retryAfterSeconds = Long.toString(settings.retryAfter().toSeconds());
  }

  long rejections() {
    return rejections.sum();
  }

  @Override
  protected void reject(Request request, Response response, Callback callback, int status) {
    rejections.increment();
    respondServiceUnavailable(response, callback);
  }

  private void respondServiceUnavailable(Response response, Callback callback) {
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response
        .getHeaders()
        .put(HttpHeader.CONTENT_LENGTH, BODY.getBytes(StandardCharsets.UTF_8).length);
    Content.Sink.write(response, true, BODY, callback);
  }
}
