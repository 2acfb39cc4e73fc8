package grafmuvi.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The error answer for what Jetty refuses before the API handler (bad URIs, headers, framing) or
 * what fails in it: finalhandler's HTML page with the status text (as Express in production mode),
 * never a stack trace. A request line Jetty cannot parse is the client's fault, so its 505 (HTTP
 * version not supported) is answered 400 Bad Request: hostile input gets a 4xx, never a 5xx.
 */
final class ApiErrorHandler extends ErrorHandler {

  ApiErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    int status = clientStatus(code);
    response.setStatus(status);
    byte[] page = page(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, ApiHandler.HTML);
    headers.put("X-Powered-By", "Express");
    headers.put("Content-Security-Policy", "default-src 'none'");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put(HttpHeader.CONTENT_LENGTH, page.length);
    response.write(true, ByteBuffer.wrap(page), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    int answered = clientStatus(status);
    fields.put(HttpHeader.CONTENT_TYPE, ApiHandler.HTML);
    fields.put("Content-Security-Policy", "default-src 'none'");
    fields.put("X-Content-Type-Options", "nosniff");
    return ByteBuffer.wrap(page(answered));
  }

  private static int clientStatus(int code) {
    return code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : code;
  }

  private static byte[] page(int status) {
    String text = HttpStatus.getMessage(status);
    return ApiHandler.errorPage(text == null ? Integer.toString(status) : text)
        .getBytes(StandardCharsets.UTF_8);
  }
}
