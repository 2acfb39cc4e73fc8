package grafmuvi.loadtest.settings;

import grafmuvi.config.Durations;
import grafmuvi.config.SettingsReader;
import java.time.Duration;

/**
 * What a run must stay within (grafmuvi.assertions, each a Gatling assertion) and when the verdict
 * line says the API kept up (grafmuvi.verdict).
 *
 * @param failedPercent failed requests, in percent of all
 * @param p95 ceiling of the 95th percentile over all requests
 * @param p99 ceiling of the 99th percentile over all requests
 * @param perRequestP95 the same for each request name
 * @param perRequestP99 the same for each request name
 * @param keptUpPercent the share of the closed-loop limit (users / mean pause) the requests/s must
 *     reach for the API to have kept up
 */
public record Thresholds(
    double failedPercent,
    Duration p95,
    Duration p99,
    Duration perRequestP95,
    Duration perRequestP99,
    double keptUpPercent) {

  static Thresholds read(SettingsReader in) {
    Double failedPercent = in.percent("grafmuvi.assertions.failed-percent");
    Duration p95 = in.positiveDuration("grafmuvi.assertions.p95");
    Duration p99 = in.positiveDuration("grafmuvi.assertions.p99");
    Duration perRequestP95 = in.positiveDuration("grafmuvi.assertions.per-request.p95");
    Duration perRequestP99 = in.positiveDuration("grafmuvi.assertions.per-request.p99");
    Double keptUpPercent = in.percent("grafmuvi.verdict.kept-up-percent");
    in.notAbove("grafmuvi.assertions.p95", p95, "grafmuvi.assertions.p99", p99);
    in.notAbove(
        "grafmuvi.assertions.per-request.p95",
        perRequestP95,
        "grafmuvi.assertions.per-request.p99",
        perRequestP99);
    return SettingsReader.allRead(
            failedPercent, p95, p99, perRequestP95, perRequestP99, keptUpPercent)
        ? new Thresholds(failedPercent, p95, p99, perRequestP95, perRequestP99, keptUpPercent)
        : null;
  }

  @Override
  public String toString() {
    return "KO <= "
        + failedPercent
        + " %, p95 <= "
        + Durations.format(p95)
        + ", p99 <= "
        + Durations.format(p99)
        + ", per request p95 <= "
        + Durations.format(perRequestP95)
        + ", p99 <= "
        + Durations.format(perRequestP99);
  }
}
