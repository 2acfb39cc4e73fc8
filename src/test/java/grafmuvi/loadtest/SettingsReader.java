package grafmuvi.loadtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads typed values from a resolved Config, collecting one message per refused key (key, value,
 * what is allowed) instead of stopping at the first, so a user fixes everything in one go.
 * Getters return null for a refused value; {@link #throwIfInvalid()} ends the reading.
 */
final class SettingsReader {

  private static final Pattern NUMBER_WITHOUT_UNIT = Pattern.compile("[-+]?\\d+(\\.\\d*)?");

  private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|token|password|auth");

  private final Config config;
  private final Config reference;
  private final List<String> problems = new ArrayList<>();

  SettingsReader(Config config, Config reference) {
    this.config = config;
    this.reference = reference;
  }

  /** A key under root that the settings files do not define is a typo, not something to ignore;
   *  keys under openPrefix are the user's own names. */
  void refuseUnknownKeys(String root, String openPrefix) {
    Set<String> known = leafPaths(reference.root(), "");
    if (!config.hasPath(root)) {
      return;
    }
    if (config.getValue(root).valueType() != ConfigValueType.OBJECT) {
      problems.add(root + " = " + render(root) + ": must be an object of settings, not a single value");
      return;
    }
    for (String path : leafPaths(config.getObject(root), root + ".")) {
      if (!known.contains(path) && !path.startsWith(openPrefix) && known.stream().noneMatch(k -> path.startsWith(k + "."))) {
        problems.add(path + " = " + render(path) + ": unknown setting" + suggestion(path, known));
      }
    }
  }

  /** Refuses each of these keys that is set: they do not apply here. */
  void refuseOverrides(List<String> keys, String why) {
    for (String key : keys) {
      if (config.hasPath(key)) {
        problems.add(key + " = " + render(key) + ": does not apply; " + why);
      }
    }
  }

  /** The top-level override when it is set, else the profile's own key. */
  String overridden(String overrideKey, String profileKey) {
    return config.hasPath(overrideKey) ? overrideKey : profileKey;
  }

  String string(String key) {
    return read(key, "must be a string", config::getString);
  }

  /** A string, or null when the key is null (unset). */
  String optionalString(String key) {
    return config.getIsNull(key) ? null : string(key);
  }

  /** A list of non-empty strings: a HOCON list, or one string of names separated by commas. */
  List<String> stringList(String key) {
    String allowed = "must be a list of names, or names separated by commas";
    List<String> values;
    if (config.hasPath(key) && config.getValue(key).valueType() == ConfigValueType.STRING) {
      values = List.of(config.getString(key).split(","));
    } else {
      values = read(key, allowed, config::getStringList);
    }
    if (values == null) {
      return null;
    }
    List<String> trimmed = values.stream().map(String::trim).toList();
    return require(key, !trimmed.isEmpty() && trimmed.stream().noneMatch(String::isEmpty), allowed) ? trimmed : null;
  }

  String nonBlank(String key) {
    String value = string(key);
    return require(key, value == null || !value.isBlank(), "must not be empty") ? value : null;
  }

  String oneOf(String key, Collection<String> allowed) {
    String value = string(key);
    return require(key, value == null || allowed.contains(value), "must be one of " + new TreeSet<>(allowed))
        ? value : null;
  }

  Integer intAtLeast(String key, int min) {
    String allowed = "must be a whole number of at least " + min;
    Number value = read(key, allowed, config::getNumber);
    boolean whole = value == null
        || (value.doubleValue() == Math.rint(value.doubleValue()) && Math.abs(value.doubleValue()) <= Integer.MAX_VALUE);
    return require(key, whole && (value == null || value.intValue() >= min), allowed)
        && value != null ? value.intValue() : null;
  }

  Boolean bool(String key) {
    return read(key, "must be true or false", config::getBoolean);
  }

  Double doubleAtLeast(String key, double min) {
    String allowed = "must be a number of at least " + min;
    Double value = read(key, allowed, config::getDouble);
    return require(key, value == null || value >= min, allowed) ? value : null;
  }

  Double percent(String key) {
    Double value = read(key, "must be a percentage from 0 to 100", config::getDouble);
    return require(key, value == null || (value >= 0 && value <= 100), "must be a percentage from 0 to 100")
        ? value : null;
  }

  Duration durationAtLeast(String key, Duration min) {
    String allowed = "must be a duration of at least " + format(min) + " with a unit, e.g. 500ms, 30s, 5m";
    if (!config.hasPathOrNull(key) || config.getIsNull(key)) {
      return read(key, allowed, config::getDuration);
    }
    if (NUMBER_WITHOUT_UNIT.matcher(config.getValue(key).unwrapped().toString().trim()).matches()) {
      problems.add(key + " = " + render(key) + ": " + allowed);
      return null;
    }
    Duration value = read(key, allowed, config::getDuration);
    return require(key, value == null || value.compareTo(min) >= 0, allowed) ? value : null;
  }

  Duration positiveDuration(String key) {
    Duration value = durationAtLeast(key, Duration.ZERO);
    return require(key, value == null || !value.isZero(), "must be a duration above 0 with a unit, e.g. 500ms, 30s")
        ? value : null;
  }

  /** Refuses lowKey when it is above highKey (both already read). */
  void notAbove(String lowKey, Duration low, String highKey, Duration high) {
    if (low != null && high != null) {
      require(lowKey, low.compareTo(high) <= 0, "must not be above " + highKey + " (" + format(high) + ")");
    }
  }

  /** Records a problem with key unless ok; returns ok. */
  boolean require(String key, boolean ok, String allowed) {
    if (!ok) {
      problems.add(key + " = " + render(key) + ": " + allowed);
    }
    return ok;
  }

  void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  static String format(Duration d) {
    if (d == null) {
      return "null";
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0 && ms > 0) return ms / 1000 + "s";
    return ms + "ms";
  }

  private <T> T read(String key, String allowed, Function<String, T> getter) {
    if (!config.hasPathOrNull(key)) {
      problems.add(key + " is missing: it " + allowed.replaceFirst("^must", "must"));
      return null;
    }
    if (config.getIsNull(key)) {
      problems.add(key + " = null: " + allowed);
      return null;
    }
    try {
      return getter.apply(key);
    } catch (ConfigException e) {
      problems.add(key + " = " + render(key) + ": " + allowed);
      return null;
    }
  }

  private String render(String key) {
    if (SECRET_KEY.matcher(key).find()) {
      return Settings.Secrets.MASK;
    }
    try {
      ConfigValue value = config.getValue(key);
      String origin = value.origin().resource() == null && value.origin().filename() == null
          ? " (from " + value.origin().description() + ")" : "";
      return value.render(com.typesafe.config.ConfigRenderOptions.concise()) + origin;
    } catch (ConfigException e) {
      return "null";
    }
  }

  private static Set<String> leafPaths(ConfigObject object, String prefix) {
    Set<String> out = new TreeSet<>();
    object.forEach((name, value) -> {
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        out.addAll(leafPaths((ConfigObject) value, prefix + name + "."));
      } else {
        out.add(prefix + name);
      }
    });
    return out;
  }

  private static String suggestion(String path, Set<String> known) {
    return known.stream()
        .filter(k -> distance(k, path) <= 2)
        .min(Comparator.comparingInt(k -> distance(k, path)))
        .map(k -> "; did you mean " + k + "?")
        .orElse("; see grafmuvi.conf for the settings there are");
  }

  /** Levenshtein distance, for "did you mean". */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev; prev = cur; cur = t;
    }
    return prev[b.length()];
  }
}
