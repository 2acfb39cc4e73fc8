package grafmuvi.loadtest.settings;

import grafmuvi.config.SettingsReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The workload profiles under grafmuvi.profiles, each read and checked whether it is the one in use
 * or not, and the one grafmuvi.profile names.
 */
final class Profiles {

  /** A profile: its name and shape. */
  record Profile(String name, Workload workload) {}

  private static final List<String> MODELS = List.of("looping", "steps", "spike", "stairs");

  /** The top-level keys that override a looping profile in use. */
  private static final List<String> LOOPING_OVERRIDES =
      List.of("users", "ramp", "duration", "pause.min", "pause.max");

  private Profiles() {}

  /** The profile in use; null when it (or any profile) was refused. */
  static Profile read(SettingsReader in) {
    if (!in.config().hasPath("grafmuvi.profiles")) {
      in.refuse(
          "grafmuvi.profiles is missing: it must hold the workload profiles (see grafmuvi.conf)");
      return null;
    }
    String selected =
        in.isSet("grafmuvi.profile")
            ? String.valueOf(in.config().getValue("grafmuvi.profile").unwrapped())
            : null;
    Map<String, Workload> profiles = new LinkedHashMap<>();
    for (String name : in.config().getObject("grafmuvi.profiles").keySet()) {
      profiles.put(name, profile(in, name, name.equals(selected)));
    }
    String name = in.oneOf("grafmuvi.profile", profiles.keySet());
    Workload workload = name == null ? null : profiles.get(name);
    if (workload != null && !(workload instanceof Looping)) {
      in.refuseOverrides(
          LOOPING_OVERRIDES.stream().map(k -> "grafmuvi." + k).toList(),
          "profile "
              + name
              + " has a shape of its own, not one number of users; set grafmuvi.profiles."
              + name
              + ".* instead");
    }
    return workload == null ? null : new Profile(name, workload);
  }

  private static Workload profile(SettingsReader in, String name, boolean selected) {
    String shape = "grafmuvi.profiles." + quoted(name);
    String model = in.oneOf(shape + ".model", MODELS);
    if (model == null) {
      return null;
    }
    return switch (model) {
      case "looping" -> Looping.read(in, loopingKeys(in, shape, selected));
      case "steps" -> Steps.read(in, shape);
      case "stairs" -> Stairs.read(in, shape);
      default -> Spike.read(in, shape);
    };
  }

  /** A looping profile's keys; for the profile in use, grafmuvi.users... override them. */
  private static UnaryOperator<String> loopingKeys(
      SettingsReader in, String shape, boolean selected) {
    return k -> selected ? in.overridden("grafmuvi." + k, shape + "." + k) : shape + "." + k;
  }

  /** A profile or target name as a config path element. */
  static String quoted(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : '"' + key.replace("\"", "\\\"") + '"';
  }
}
