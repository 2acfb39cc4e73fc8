package grafmuvi.loadtest;

import java.util.List;

/** One or more settings were refused; the message names each key, its value and what is allowed. */
public final class InvalidSettingsException extends IllegalArgumentException {

  private final List<String> problems;

  InvalidSettingsException(List<String> problems) {
    super(problems.size() == 1
        ? "Invalid setting: " + problems.get(0)
        : "Invalid settings:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per refused key, e.g. {@code grafmuvi.users = 0: must be a whole number >= 1}. */
  public List<String> problems() {
    return problems;
  }
}
