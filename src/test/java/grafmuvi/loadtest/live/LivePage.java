package grafmuvi.loadtest.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import grafmuvi.config.InvalidSettingsException;
import grafmuvi.loadtest.settings.Live;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live page of a run, served by the JDK's HTTP server on its own two threads: the page and
 * uPlot from the class path (no network needed), {@code /live.json} (what the recorder sees now)
 * and {@code /metrics} (Prometheus' text format). Bound when created, so that an occupied port is
 * refused before any request; it answers until {@link #close()}, i.e. until the JVM exits.
 */
public final class LivePage implements AutoCloseable {

  /** Where the page's own files are on the class path. */
  static final String PAGE = "grafmuvi/live/";

  /** uPlot's files in its webjar (the version is the pom's). */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "json", "application/json",
          "png", "image/png");

  private final HttpServer server;
  private final ExecutorService threads;
  private final Recorder recorder;
  private final Map<String, Object> about = new LinkedHashMap<>();
  private volatile String state = "running";

  private LivePage(HttpServer server, Recorder recorder, Map<String, Object> about) {
    this.server = server;
    this.recorder = recorder;
    this.threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "grafmuvi-live-page");
              t.setDaemon(true);
              return t;
            });
    this.about.putAll(about);
    server.setExecutor(threads);
    server.createContext("/", this::serve);
    server.createContext("/metrics", new MetricsHandler(recorder.registry()));
  }

  /**
   * Binds the page where the settings say.
   *
   * @throws InvalidSettingsException naming grafmuvi.live.port when the port is taken
   */
  public static LivePage bind(Live live, Recorder recorder, Map<String, Object> about) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(live.host(), live.port()), 64);
      return new LivePage(server, recorder, about);
    } catch (BindException e) {
      throw new InvalidSettingsException(
          List.of(
              "grafmuvi.live.port = "
                  + live.port()
                  + ": cannot listen on "
                  + live.host()
                  + ":"
                  + live.port()
                  + " ("
                  + e.getMessage()
                  + "); choose a free port, or 0 for any"));
    } catch (IOException e) {
      throw new InvalidSettingsException(
          List.of(
              "grafmuvi.live.host = "
                  + live.host()
                  + ": cannot listen there ("
                  + e.getMessage()
                  + ")"));
    }
  }

  public void start() {
    server.start();
  }

  /** The page's address. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  /** running, stopping, finished or interrupted. */
  public void state(String state) {
    this.state = state;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes());
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/live.json")) {
        send(exchange, 200, TYPES.get("json"), data(since(exchange.getRequestURI().getQuery())));
      } else if (path.startsWith("/webjars/uplot/")) {
        resource(exchange, UPLOT + path.substring("/webjars/uplot/".length()));
      } else {
        resource(exchange, PAGE + (path.equals("/") ? "index.html" : path.substring(1)));
      }
    }
  }

  /** The JSON the page polls: the run's state and settings, and what the recorder sees. */
  byte[] data(long since) throws IOException {
    return json(recorder, about, state, since);
  }

  /**
   * The page's JSON (schema grafmuvi-live/1) of a recorder, with the series after second since (all
   * when -1); about holds the simulation, plannedSeconds and settings.
   */
  public static byte[] json(Recorder recorder, Map<String, Object> about, String state, long since)
      throws IOException {
    LiveView view = recorder.view(since);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", "grafmuvi-live/1");
    out.put("simulation", about.get("simulation"));
    out.put("state", state);
    out.put("elapsedSeconds", Math.round(recorder.elapsedSeconds() * 10) / 10.0);
    out.put("plannedSeconds", about.get("plannedSeconds"));
    out.put("verdict", view.verdict());
    out.put("settings", about.get("settings"));
    out.put(
        "phases",
        view.phases().stream()
            .map(
                p ->
                    Map.of(
                        "name", p.name(), "kind", p.kind().label(), "from", p.from(), "to", p.to()))
            .toList());
    out.put("series", view.series());
    out.put("stats", view.stats());
    out.put("failures", view.failures());
    out.put("levels", view.levels());
    return JSON.writeValueAsBytes(out);
  }

  private static long since(String query) {
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.startsWith("since=")) {
          try {
            return Long.parseLong(part.substring(6));
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      }
    }
    return -1;
  }

  private void resource(HttpExchange exchange, String name) throws IOException {
    if (name.contains("..") || name.endsWith("/")) {
      send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes());
      return;
    }
    try (InputStream in = LivePage.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes());
        return;
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      send(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }
}
