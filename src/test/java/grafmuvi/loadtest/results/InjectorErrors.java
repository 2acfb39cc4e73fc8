package grafmuvi.loadtest.results;

import java.util.List;
import java.util.Locale;

/**
 * Failures that are the load generator's own, not the target's: the injector ran out of open files
 * or of local ports, so the request never reached the API. Gatling counts them as failed requests
 * like any other; the summaries and the verdict name them as the injector's.
 */
public final class InjectorErrors {

  private record Pattern(String needle, String cause) {}

  private static final List<Pattern> PATTERNS =
      List.of(
          new Pattern("too many open files", "out of open files: Too many open files"),
          new Pattern("error(-24)", "out of open files: Too many open files"),
          new Pattern(
              "cannot assign requested address",
              "out of local ports: Cannot assign requested address"),
          new Pattern("error(-99)", "out of local ports: Cannot assign requested address"),
          new Pattern(
              "no buffer space available", "out of socket buffers: No buffer space available"));

  private InjectorErrors() {}

  /** The injector's own cause of this error message, or null when the error is the target's. */
  public static String cause(String message) {
    if (message == null) {
      return null;
    }
    String m = message.toLowerCase(Locale.ROOT);
    for (Pattern p : PATTERNS) {
      if (m.contains(p.needle())) {
        return p.cause();
      }
    }
    return null;
  }
}
