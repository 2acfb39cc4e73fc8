package grafmuvi.loadtest.settings;

import java.nio.file.Path;

/**
 * The summary.json a run is held to (grafmuvi.baseline), read by the results before any request.
 *
 * @param path the file
 * @param shown the setting as a refusal names it: its value and where it came from
 */
public record BaselineFile(Path path, String shown) {

  /** A refusal of this setting: {@code grafmuvi.baseline = "<file>" (from …): <why>}. */
  public String refused(String why) {
    return "grafmuvi.baseline = " + shown + ": " + why;
  }
}
