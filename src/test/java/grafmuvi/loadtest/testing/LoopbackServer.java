package grafmuvi.loadtest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target whose behaviour a test controls: the JDK's HTTP server on an ephemeral loopback port,
 * answering every request with a handler; it counts requests and stops when closed.
 */
public final class LoopbackServer implements AutoCloseable {

  /** What the server does with one exchange (closed afterwards, whatever happens). */
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private LoopbackServer(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          try (exchange) {
            handler.handle(exchange);
          } catch (IOException | RuntimeException e) {
            // the client went away: nothing to answer
          }
        });
    server.start();
  }

  public static LoopbackServer serving(Handler handler) throws IOException {
    return new LoopbackServer(handler);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public static void answer(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** The contract's answers: every path gets a recommendation-shaped JSON object. */
  public static void answerWell(HttpExchange exchange) throws IOException {
    answer(
        exchange,
        200,
        "application/json; charset=utf-8",
        "{\"1\":\"American gangster\",\"status\":\"OK\"}");
  }

  /** Waits as a slow or hanging target would. */
  public static void stall(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
