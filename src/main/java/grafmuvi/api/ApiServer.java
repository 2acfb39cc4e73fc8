package grafmuvi.api;

import grafmuvi.config.InvalidSettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded GrafMuvi-compatible API server (Jetty core, no servlets).
 *
 * <pre>{@code
 * try (ApiServer server = ApiServer.bind(ApiSettings.load())) { // listening, not serving yet
 *     URI base = server.baseUri();                               // e.g. http://127.0.0.1:41234
 *     server.start();                                            // serving
 * }                                                              // stopped
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {

  /** The name of the server's thread pool: its threads' names start with it. */
  public static final String THREAD_NAME_PREFIX = "grafmuvi-api";

  private final ApiSettings settings;
  private final Recommendations recommendations;
  private final Server server;
  private final ServerConnector connector;
  private final OverloadHandler overload;
  private final ApiHandler handler;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ApiServer(ApiSettings settings, MovieGraph graph) {
    this.settings = settings;
    this.recommendations = Recommendations.of(graph, settings);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName(THREAD_NAME_PREFIX);
    // Daemon threads: the server never keeps a JVM alive on its own (Main waits in join(); a load
    // test that embeds it ends when Gatling does, even after a crash).
    threads.setDaemon(true);
    this.server = new Server(threads);
    server.setStopAtShutdown(false);
    server.setErrorHandler(new ApiErrorHandler());

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(settings.maxRequestHeader());
    http.setIdleTimeout(settings.idleTimeout().toMillis());
    http.setUriCompliance(ApiHandler.URI_COMPLIANCE);
    this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    server.addConnector(connector);
    try {
      connector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    try {
      this.baseUri = uri(settings.host(), connector.getLocalPort());
      this.handler = new ApiHandler(settings, recommendations);
      this.overload = new OverloadHandler(settings);
      SizeLimitHandler sizeLimit = new SizeLimitHandler(settings.maxRequestBody(), -1);
      sizeLimit.setHandler(handler);
      overload.setHandler(sizeLimit);
      server.setHandler(overload);
    } catch (RuntimeException e) {
      connector.close();
      throw e;
    }
  }

  /**
   * Loads the graph the settings name and binds host:port (port 0 = ephemeral); does not serve yet.
   *
   * @throws InvalidSettingsException before binding, listing every {@code <file>:<line>: <reason>}
   *     of a refused graph file, or when ranking = paths and the graph is too dense for it
   */
  public static ApiServer bind(ApiSettings settings) {
    return bind(settings, loadGraph(settings.graph()));
  }

  /** The graph named by a graph setting: seed, dataset or a graph file. */
  static MovieGraph loadGraph(String graph) {
    try {
      return MovieGraph.of(GraphFile.load(graph));
    } catch (GraphFileException e) {
      List<String> problems = new ArrayList<>();
      problems.add(
          ApiSettings.PATH
              + ".graph = \""
              + graph
              + "\": the graph file it names was refused ("
              + (e.problems().size() == 1 ? "1 problem" : e.problems().size() + " problems")
              + ", each as file:line: reason):");
      problems.addAll(e.problems());
      throw new InvalidSettingsException(problems);
    }
  }

  /** Binds a server over a given graph (tests build small graphs). */
  static ApiServer bind(ApiSettings settings, MovieGraph graph) {
    return new ApiServer(settings, graph);
  }

  /** Binds and starts. */
  public static ApiServer start(ApiSettings settings) {
    return bind(settings).start();
  }

  /** Starts serving on the bound address; returns this. */
  public ApiServer start() {
    if (closed.get()) {
      throw new IllegalStateException("the API server at " + baseUri + " is closed");
    }
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "cannot start the API server at " + baseUri + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** The bound port (the chosen one when the setting is 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port}, e.g. {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    return baseUri;
  }

  public ApiSettings settings() {
    return settings;
  }

  /** A snapshot of the server's counters. */
  public ApiStats stats() {
    return new ApiStats(
        recommendations.graph().size(),
        recommendations.edgeCount(),
        handler.requests(),
        recommendations.distinctMoviesServed(),
        handler.promotionsAccepted(),
        handler.promotionsRefused(),
        overload.rejections());
  }

  /**
   * How answers are ranked and why: one line, e.g. {@code paths, auto: every movie has at most 3
   * ...}.
   */
  public String ranking() {
    return recommendations.description();
  }

  Recommendations recommendations() {
    return recommendations;
  }

  /** Stops serving and releases the port; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot stop the API server at " + baseUri + ": " + e.getMessage(), e);
    } finally {
      connector.close();
    }
  }

  private static URI uri(String host, int port) {
    try {
      return new URI("http", null, host, port, null, null, null);
    } catch (java.net.URISyntaxException e) {
      throw new grafmuvi.config.InvalidSettingsException(
          java.util.List.of(
              ApiSettings.PATH + ".host = " + host + ": must be a host name or IP address"));
    }
  }
}
