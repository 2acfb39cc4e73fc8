package grafmuvi.api;

import java.io.IOException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page for what it refuses before the API handler (bad URIs, headers, framing), without
 * stack traces; a request line Jetty cannot parse is the client's fault, so its 505 (HTTP version
 * not supported) is answered 400 Bad Request: the server answers hostile input with a 4xx, never a 5xx.
 */
final class ApiErrorHandler extends ErrorHandler {

    ApiErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            response.setStatus(HttpStatus.BAD_REQUEST_400);
            super.generateResponse(request, response, HttpStatus.BAD_REQUEST_400, "Bad Request: unsupported HTTP version",
                    cause, callback);
            return;
        }
        super.generateResponse(request, response, code, message, cause, callback);
    }

    @Override
    public java.nio.ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        return super.badMessageError(status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : status,
                reason, fields);
    }
}
