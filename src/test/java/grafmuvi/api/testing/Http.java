package grafmuvi.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Test client helpers: the JDK client, and raw sockets for bytes the JDK client refuses to send.
 */
public final class Http {

  public static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  public static HttpResponse<String> get(URI base, String rawPath, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + rawPath)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public static HttpResponse<String> head(URI base, String rawPath) {
    return send(
        HttpRequest.newBuilder(URI.create(base + rawPath))
            .timeout(Duration.ofSeconds(10))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  public static HttpResponse<String> post(
      URI base, String rawPath, String json, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + rawPath))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A raw exchange: writes the bytes, reads until the server closes (or 10 s), returns the text.
   */
  public static String raw(int port, byte[] request) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        s.shutdownOutput();
      } catch (IOException e) {
        // The server may answer and close before reading everything (e.g. 413/431): read what it
        // said.
      }
      return readAll(s.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String raw(int port, String request) {
    return raw(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  public static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        buf.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // keep what was read
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Status code of a raw response, or -1 when the server said nothing. */
  public static int status(String rawResponse) {
    if (!rawResponse.startsWith("HTTP/1.1 ") || rawResponse.length() < 12) {
      return -1;
    }
    return Integer.parseInt(rawResponse.substring(9, 12));
  }

  /** Body of a raw (non-chunked) response. */
  public static String body(String rawResponse) {
    int i = rawResponse.indexOf("\r\n\r\n");
    return i < 0 ? "" : rawResponse.substring(i + 4);
  }
}
