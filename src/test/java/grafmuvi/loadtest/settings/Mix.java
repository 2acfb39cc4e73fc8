package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;

/** How often each request chain is picked (grafmuvi.mix): weights, 0 leaves a chain out. */
public record Mix(int status, int similarById, int similarByTitle, int promote) {

  static Mix read(SettingsReader in) {
    Integer status = in.intAtLeast("grafmuvi.mix.status", 0);
    Integer byId = in.intAtLeast("grafmuvi.mix.similar-by-id", 0);
    Integer byTitle = in.intAtLeast("grafmuvi.mix.similar-by-title", 0);
    Integer promote = in.intAtLeast("grafmuvi.mix.promote", 0);
    if (!SettingsReader.allRead(status, byId, byTitle, promote)) {
      return null;
    }
    Mix mix = new Mix(status, byId, byTitle, promote);
    return in.require(
            "grafmuvi.mix",
            status + byId + byTitle + promote > 0,
            "at least one request chain must have a weight above 0")
        ? mix
        : null;
  }

  @Override
  public String toString() {
    return "status "
        + status
        + ", similar-by-id "
        + similarById
        + ", similar-by-title "
        + similarByTitle
        + ", promote "
        + promote;
  }
}
