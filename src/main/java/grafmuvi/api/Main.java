package grafmuvi.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar grafmuvi-api.jar [--port 8080] [--host 127.0.0.1] ...}: serves the GrafMuvi API
 * until SIGTERM/SIGINT, then stops cleanly (exit status 143 or 130, the JVM's for the signal).
 * Every option is the setting of the same name in {@code grafmuvi-api.conf}, whose values {@code
 * --help} shows as defaults.
 */
@Command(
    name = "grafmuvi-api",
    mixinStandardHelpOptions = true,
    version = "grafmuvi-api 1.0",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Serves a GrafMuvi-compatible movie recommendation API over a graph of movies.%nDefaults"
            + " come from grafmuvi-api.conf, -Dgrafmuvi.api.<key>=... and GRAFMUVI_API_*"
            + " variables.")
public final class Main implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port, 0 = ephemeral (default: ${DEFAULT-VALUE}).")
  private String port;

  @Option(
      names = "--graph",
      paramLabel = "GRAPH",
      description = "seed, dataset or a graph file (default: ${DEFAULT-VALUE}).")
  private String graph;

  @Option(
      names = "--ranking",
      paramLabel = "MODE",
      description = "auto, paths (as upstream) or movies (default: ${DEFAULT-VALUE}).")
  private String ranking;

  @Option(
      names = "--max-paths",
      paramLabel = "N",
      description = "Simple paths per movie, at most (default: ${DEFAULT-VALUE}).")
  private String maxPaths;

  @Option(
      names = "--max-depth",
      paramLabel = "HOPS",
      description = "Ranking movies: longest path (default: ${DEFAULT-VALUE}).")
  private String maxDepth;

  @Option(
      names = "--max-results",
      paramLabel = "N",
      description = "Ranking movies: most recommendations per answer (default: ${DEFAULT-VALUE}).")
  private String maxResults;

  @Option(
      names = "--response-delay",
      paramLabel = "DURATION",
      description = "Test-only delay added to every answer (default: ${DEFAULT-VALUE}).")
  private String responseDelay;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      description = "Close silent connections after (default: ${DEFAULT-VALUE}).")
  private String idleTimeout;

  @Option(
      names = "--max-request-body",
      paramLabel = "SIZE",
      description = "Largest request body, 413 beyond (default: ${DEFAULT-VALUE}).")
  private String maxRequestBody;

  @Option(
      names = "--max-request-header",
      paramLabel = "SIZE",
      description = "Largest request line + headers (default: ${DEFAULT-VALUE}).")
  private String maxRequestHeader;

  @Option(
      names = "--max-uri-length",
      paramLabel = "CHARS",
      description = "Longest URI, 414 beyond (default: ${DEFAULT-VALUE}).")
  private String maxUriLength;

  @Option(
      names = "--max-concurrent-requests",
      paramLabel = "N",
      description = "Requests handled at once (default: ${DEFAULT-VALUE}).")
  private String maxConcurrentRequests;

  @Option(
      names = "--max-queued-requests",
      paramLabel = "N",
      description = "Requests waiting for a slot, 503 beyond (default: ${DEFAULT-VALUE}).")
  private String maxQueuedRequests;

  @Option(
      names = "--max-queue-wait",
      paramLabel = "DURATION",
      description = "Longest wait for a slot, 503 after (default: ${DEFAULT-VALUE}).")
  private String maxQueueWait;

  @Option(
      names = "--retry-after",
      paramLabel = "DURATION",
      description = "Retry-After sent with 503 (default: ${DEFAULT-VALUE}).")
  private String retryAfter;

  @Option(
      names = "--write-limit-count",
      paramLabel = "N",
      description = "Promotions one client may post per window (default: ${DEFAULT-VALUE}).")
  private String writeLimitCount;

  @Option(
      names = "--write-limit-window",
      paramLabel = "DURATION",
      description = "The window of --write-limit-count (default: ${DEFAULT-VALUE}).")
  private String writeLimitWindow;

  @Option(
      names = "--write-client-header",
      paramLabel = "HEADER",
      description =
          "Header naming the client for the write limit, empty = remote address (default:"
              + " ${DEFAULT-VALUE}).")
  private String writeClientHeader;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with its defaults read from the settings (used by main and the tests). */
  static CommandLine commandLine() {
    Config config = ApiSettings.loadConfig();
    CommandLine cmd = new CommandLine(new Main());
    cmd.setDefaultValueProvider(
        argSpec ->
            argSpec instanceof OptionSpec option
                    && settingKey(option) != null
                    && config.hasPath(settingKey(option))
                ? config.getValue(settingKey(option)).unwrapped().toString()
                : null);
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("grafmuvi-api: " + e.getMessage());
          if (e instanceof grafmuvi.config.InvalidSettingsException
              || e instanceof IllegalArgumentException) {
            err.println("Try 'grafmuvi-api --help'.");
            return CommandLine.ExitCode.USAGE;
          }
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cmd;
  }

  private static String settingKey(OptionSpec option) {
    String name = option.longestName();
    return name.startsWith("--") && !option.usageHelp() && !option.versionHelp()
        ? ApiSettings.PATH + "." + name.substring(2)
        : null;
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> chosen = new HashMap<>();
    for (OptionSpec option : spec.options()) {
      String key = settingKey(option);
      if (key != null && option.getValue() != null) {
        chosen.put(key, option.getValue());
      }
    }
    ApiSettings settings =
        ApiSettings.from(
            ConfigFactory.parseMap(chosen, "command line")
                .withFallback(ApiSettings.loadConfig())
                .resolve());
    try (ApiServer server = ApiServer.bind(settings)) {
      PrintWriter out = spec.commandLine().getOut();
      stopsWithTheJvm(server, out);
      server.start();
      out.println(
          "Graph "
              + settings.graph()
              + ": "
              + server.stats().movies()
              + " movies, "
              + server.stats().edges()
              + " SIMILAR edges; ranking "
              + server.ranking());
      out.println("GrafMuvi API listening on " + server.baseUri());
      out.flush();
      server.join();
    }
    return CommandLine.ExitCode.OK;
  }

  /**
   * SIGTERM, SIGINT or any other end of the JVM stops the server cleanly (in-flight requests are
   * answered, the port is released): join() returns, and the JVM exits with its own status for the
   * signal (143 for SIGTERM, 130 for SIGINT).
   */
  private static void stopsWithTheJvm(ApiServer server, PrintWriter out) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  out.println("GrafMuvi API stopped");
                  out.flush();
                },
                "grafmuvi-api-stop"));
  }
}
