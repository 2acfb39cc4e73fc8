package grafmuvi.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
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
 * where it came from, what is allowed) instead of stopping at the first, so a user fixes everything
 * in one go. Getters return null for a refused value; {@link #throwIfInvalid()} ends the reading.
 * The one reader of both the API server's settings and the load test's.
 */
public final class SettingsReader {

  /** What a secret is replaced with wherever settings are written down. */
  public static final String MASK = "****";

  private static final Pattern NUMBER_WITHOUT_UNIT = Pattern.compile("[-+]?\\d+(\\.\\d*)?");

  private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|token|password|auth");

  /** The user-info of a URL ("scheme://user:password@host"), which is a credential. */
  private static final Pattern URL_USER_INFO = Pattern.compile("(\\w://)[^/@\\s\"]*@");

  private final Config config;
  private final Config reference;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param config the resolved settings to read
   * @param reference the resolved settings files alone: the keys there are (for unknown-key checks)
   */
  public SettingsReader(Config config, Config reference) {
    this.config = config;
    this.reference = reference;
  }

  public Config config() {
    return config;
  }

  /**
   * A key under root that the settings files do not define is a typo, not something to ignore; keys
   * under one of openPrefixes are the user's own names.
   */
  public void refuseUnknownKeys(String root, String... openPrefixes) {
    if (!config.hasPath(root)) {
      return;
    }
    if (config.getValue(root).valueType() != ConfigValueType.OBJECT) {
      problems.add(
          root + " = " + render(root) + ": must be an object of settings, not a single value");
      return;
    }
    Set<String> known = leafPaths(reference.root(), "");
    for (String path : leafPaths(config.getObject(root), root + ".")) {
      boolean open = List.of(openPrefixes).stream().anyMatch(path::startsWith);
      if (!known.contains(path)
          && !open
          && known.stream().noneMatch(k -> path.startsWith(k + "."))) {
        problems.add(path + " = " + render(path) + ": unknown setting" + suggestion(path, known));
      }
    }
  }

  /** Refuses each of these keys that is set: they do not apply here. */
  public void refuseOverrides(List<String> keys, String why) {
    for (String key : keys) {
      if (config.hasPath(key)) {
        problems.add(key + " = " + render(key) + ": does not apply; " + why);
      }
    }
  }

  /** The top-level override when it is set, else the profile's own key. */
  public String overridden(String overrideKey, String profileKey) {
    return config.hasPath(overrideKey) ? overrideKey : profileKey;
  }

  public String string(String key) {
    return read(
        key,
        "must be a string",
        k -> {
          Object raw = config.getValue(k).unwrapped();
          if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
            return String.valueOf(raw);
          }
          throw new ConfigException.WrongType(
              config.origin(), k, "string", config.getValue(k).valueType().name());
        });
  }

  /** A string, or null when the key is null (unset). */
  public String optionalString(String key) {
    return config.hasPathOrNull(key) && config.getIsNull(key) ? null : string(key);
  }

  /** A list of non-empty strings: a HOCON list, or one string of names separated by commas. */
  public List<String> stringList(String key) {
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
    return require(key, !trimmed.isEmpty() && trimmed.stream().noneMatch(String::isEmpty), allowed)
        ? trimmed
        : null;
  }

  public String nonBlank(String key) {
    String value = string(key);
    return require(key, value == null || !value.isBlank(), "must not be empty") ? value : null;
  }

  public String oneOf(String key, Collection<String> allowed) {
    String value = string(key);
    return require(
            key,
            value == null || allowed.contains(value),
            "must be one of " + new TreeSet<>(allowed))
        ? value
        : null;
  }

  public Integer intAtLeast(String key, int min) {
    return whole(key, min, Integer.MAX_VALUE, "must be a whole number of at least " + min);
  }

  public Integer intBetween(String key, int min, int max) {
    return whole(key, min, max, "must be an integer from " + min + " to " + max);
  }

  public Boolean bool(String key) {
    return read(key, "must be true or false", config::getBoolean);
  }

  public Double doubleAtLeast(String key, double min) {
    String allowed = "must be a number of at least " + min;
    Double value = read(key, allowed, config::getDouble);
    return require(key, value == null || value >= min, allowed) ? value : null;
  }

  public Double percent(String key) {
    String allowed = "must be a percentage from 0 to 100";
    Double value = read(key, allowed, config::getDouble);
    return require(key, value == null || (value >= 0 && value <= 100), allowed) ? value : null;
  }

  public Duration durationAtLeast(String key, Duration min) {
    return duration(
        key,
        min,
        null,
        "must be a duration of at least "
            + Durations.format(min)
            + " with a unit, e.g. 500ms, 30s, 5m");
  }

  public Duration durationBetween(String key, Duration min, Duration max) {
    return duration(
        key,
        min,
        max,
        "must be a duration from "
            + Durations.format(min)
            + " to "
            + Durations.format(max)
            + ", e.g. 250ms, 5s, 30m");
  }

  public Duration positiveDuration(String key) {
    Duration value = durationAtLeast(key, Duration.ZERO);
    return require(
            key,
            value == null || !value.isZero(),
            "must be a duration above 0 with a unit, e.g. 500ms, 30s")
        ? value
        : null;
  }

  /** A size in bytes, e.g. 16KiB. */
  public Long bytesBetween(String key, long min, long max) {
    String allowed = "must be a size from " + min + " to " + max + " bytes, e.g. 16KiB, 1MiB";
    Long value = read(key, allowed, config::getBytes);
    return require(key, value == null || (value >= min && value <= max), allowed) ? value : null;
  }

  /** Refuses lowKey when it is above highKey (both already read). */
  public void notAbove(String lowKey, Duration low, String highKey, Duration high) {
    if (low != null && high != null) {
      require(
          lowKey,
          low.compareTo(high) <= 0,
          "must not be above " + highKey + " (" + Durations.format(high) + ")");
    }
  }

  /** Records a problem with key unless ok; returns ok. */
  public boolean require(String key, boolean ok, String allowed) {
    if (!ok) {
      problems.add(key + " = " + render(key) + ": " + allowed);
    }
    return ok;
  }

  /** Records a problem that is not about one value, e.g. a file a setting names. */
  public void refuse(String problem) {
    problems.add(problem);
  }

  /** Whether every one of these values was read (none was refused: a refused value is null). */
  public static boolean allRead(Object... values) {
    for (Object v : values) {
      if (v == null) {
        return false;
      }
    }
    return true;
  }

  /** Whether the key has a value (neither missing nor null). */
  public boolean isSet(String key) {
    return config.hasPath(key);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  private Integer whole(String key, int min, int max, String allowed) {
    Number value = read(key, allowed, config::getNumber);
    if (value == null) {
      return null;
    }
    double d = value.doubleValue();
    boolean ok =
        d == Math.rint(d)
            && d >= min
            && d <= max
            && !(config.getValue(key).unwrapped() instanceof String s
                && !s.strip().matches("[-+]?\\d+"));
    return require(key, ok, allowed) ? value.intValue() : null;
  }

  private Duration duration(String key, Duration min, Duration max, String allowed) {
    if (config.hasPathOrNull(key)
        && !config.getIsNull(key)
        && NUMBER_WITHOUT_UNIT
            .matcher(config.getValue(key).unwrapped().toString().trim())
            .matches()) {
      problems.add(key + " = " + render(key) + ": " + allowed);
      return null;
    }
    Duration value = read(key, allowed, config::getDuration);
    boolean ok =
        value == null || (value.compareTo(min) >= 0 && (max == null || value.compareTo(max) <= 0));
    return require(key, ok, allowed) ? value : null;
  }

  private <T> T read(String key, String allowed, Function<String, T> getter) {
    if (!config.hasPathOrNull(key)) {
      problems.add(key + " is missing: it " + allowed);
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

  /**
   * The key's value as problems show it: rendered, with where it came from when not a settings file
   * (e.g. {@code "5" (from system properties)}), secrets masked.
   */
  public String shown(String key) {
    return render(key);
  }

  private String render(String key) {
    if (SECRET_KEY.matcher(key).find()) {
      return MASK;
    }
    try {
      ConfigValue value = config.getValue(key);
      String origin =
          value.origin().resource() == null && value.origin().filename() == null
              ? " (from " + value.origin().description() + ")"
              : "";
      return URL_USER_INFO
              .matcher(value.render(ConfigRenderOptions.concise()))
              .replaceAll("$1" + MASK + "@")
          + origin;
    } catch (ConfigException e) {
      return "null";
    }
  }

  private static Set<String> leafPaths(ConfigObject object, String prefix) {
    Set<String> out = new TreeSet<>();
    object.forEach(
        (name, value) -> {
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
        .orElse(
            "; see the settings files (grafmuvi.conf, grafmuvi-api.conf) for the settings there"
                + " are");
  }

  /** Levenshtein distance, for "did you mean". */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
