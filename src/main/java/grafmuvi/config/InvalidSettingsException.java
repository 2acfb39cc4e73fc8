package grafmuvi.config;

import java.util.List;

/**
 * One or more settings were refused; the message names each key, its value, where it came from and
 * what is allowed, one line per key. It carries no stack trace: the message is the whole story, so
 * wherever it is printed (Gatling's log, the API's command line) the reader sees only the problems.
 */
public final class InvalidSettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidSettingsException(List<String> problems) {
    super(message(problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  /**
   * One line per refused key, e.g. {@code grafmuvi.users = 0: must be a whole number of at least
   * 1}.
   */
  public List<String> problems() {
    return problems;
  }

  /** The message alone: this is a refusal to start, not a crash. */
  @Override
  public String toString() {
    return getMessage();
  }

  private static String message(List<String> problems) {
    return problems.size() == 1
        ? "Invalid setting: " + problems.get(0)
        : "Invalid settings:\n  " + String.join("\n  ", problems);
  }
}
