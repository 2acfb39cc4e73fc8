package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;
import java.time.Duration;

/**
 * When the load generator warns about itself (grafmuvi.injector): its CPU or time in GC above these
 * for the sustained period.
 */
public record Injector(double cpuPercent, double gcPercent, Duration sustained) {

  static Injector read(SettingsReader in) {
    Double cpu = in.percent("grafmuvi.injector.cpu-percent");
    Double gc = in.percent("grafmuvi.injector.gc-percent");
    Duration sustained = in.positiveDuration("grafmuvi.injector.sustained");
    return SettingsReader.allRead(cpu, gc, sustained) ? new Injector(cpu, gc, sustained) : null;
  }
}
