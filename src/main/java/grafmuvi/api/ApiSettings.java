package grafmuvi.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the API server, immutable and validated. Their defaults live only in
 * {@code grafmuvi-api.conf} (path {@value #PATH}); {@link #load()} lets JVM system properties such as
 * {@code -Dgrafmuvi.api.port=9090} and the {@code GRAFMUVI_API_*} environment variables named there
 * override them.
 *
 * @param host address to listen on
 * @param port TCP port, 0 = ephemeral
 * @param maxDepth longest recommendation path, in hops
 * @param maxResults most recommendations in one answer
 * @param responseDelay test-only artificial delay added to every answer
 * @param idleTimeout a silent connection is closed after this
 * @param maxRequestBody largest request body in bytes (413 beyond)
 * @param maxRequestHeader largest request line + headers in bytes (431/414 beyond)
 * @param maxUriLength longest request URI in characters (414 beyond)
 * @param maxConcurrentRequests requests handled at once
 * @param maxQueuedRequests requests that may wait for a slot (503 beyond)
 * @param maxQueueWait longest wait for a slot (503 after)
 * @param retryAfter Retry-After sent with 503
 * @param writeLimitCount rule 3: promotions one client may post within writeLimitWindow
 * @param writeLimitWindow rule 3: the window
 * @param writeClientHeader header naming the client for rule 3, empty = remote address
 */
public record ApiSettings(
        String host,
        int port,
        int maxDepth,
        int maxResults,
        Duration responseDelay,
        Duration idleTimeout,
        long maxRequestBody,
        int maxRequestHeader,
        int maxUriLength,
        int maxConcurrentRequests,
        int maxQueuedRequests,
        Duration maxQueueWait,
        Duration retryAfter,
        int writeLimitCount,
        Duration writeLimitWindow,
        String writeClientHeader) {

    /** Where the settings live in a {@link Config}. */
    public static final String PATH = "grafmuvi.api";

    /** The resource holding every default. */
    public static final String RESOURCE = "grafmuvi-api.conf";

    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration ONE_DAY = Duration.ofDays(1);

    public ApiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(responseDelay, "responseDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxQueueWait, "maxQueueWait");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(writeLimitWindow, "writeLimitWindow");
        Objects.requireNonNull(writeClientHeader, "writeClientHeader");
    }

    /** The defaults of {@value #RESOURCE}, overridden by system properties and environment variables. */
    public static ApiSettings load() {
        return from(loadConfig());
    }

    /** The resolved configuration {@link #load()} reads, for tools that show or merge the defaults. */
    public static Config loadConfig() {
        return ConfigFactory.defaultOverrides()
                .withFallback(ConfigFactory.parseResources(RESOURCE))
                .resolve();
    }

    /**
     * Reads and validates the settings at {@value #PATH} of a resolved config.
     *
     * @throws InvalidSettingException naming the first key whose value is missing or not allowed
     */
    public static ApiSettings from(Config root) {
        if (!root.hasPath(PATH)) {
            throw new InvalidSettingException(PATH, "missing (expected the settings object of " + RESOURCE + ")");
        }
        Config c = root.getConfig(PATH);
        return new ApiSettings(
                host(c),
                integer(c, "port", 0, 65_535),
                integer(c, "max-depth", 1, 10),
                integer(c, "max-results", 1, 1_000),
                duration(c, "response-delay", Duration.ZERO, ONE_HOUR),
                duration(c, "idle-timeout", Duration.ofMillis(1), ONE_DAY),
                bytes(c, "max-request-body", 2, 64L << 20),
                (int) bytes(c, "max-request-header", 1_024, 1L << 20),
                integer(c, "max-uri-length", 16, 1 << 20),
                integer(c, "max-concurrent-requests", 1, 100_000),
                integer(c, "max-queued-requests", 0, 1_000_000),
                duration(c, "max-queue-wait", Duration.ofMillis(1), ONE_HOUR),
                seconds(c, "retry-after"),
                integer(c, "write-limit-count", 1, Integer.MAX_VALUE),
                duration(c, "write-limit-window", Duration.ofMillis(1), Duration.ofDays(365)),
                headerName(c, "write-client-header"));
    }

    private static String host(Config c) {
        String value = string(c, "host");
        if (value.isBlank() || value.chars().anyMatch(ch -> ch <= ' ' || ch == '/' || ch == '@' || ch == '#' || ch == '?')) {
            throw new InvalidSettingException(PATH + ".host", quoted(value), "must be a host name or IP address, e.g. 127.0.0.1");
        }
        return value;
    }

    private static String headerName(Config c, String key) {
        String value = string(c, key);
        if (!value.isEmpty() && !value.chars().allMatch(ApiSettings::isTokenChar)) {
            throw new InvalidSettingException(PATH + "." + key, quoted(value),
                    "must be empty (the remote address) or an HTTP header name, e.g. X-Forwarded-For");
        }
        return value;
    }

    private static boolean isTokenChar(int ch) {
        return ch > ' ' && ch < 127 && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0;
    }

    private static String string(Config c, String key) {
        ConfigValue value = value(c, key);
        Object raw = value.unwrapped();
        if (!(raw instanceof String || raw instanceof Number)) {
            throw new InvalidSettingException(PATH + "." + key, value.render(), "must be a string");
        }
        return String.valueOf(raw);
    }

    private static int integer(Config c, String key, int min, int max) {
        ConfigValue value = value(c, key);
        String shown = shown(value);
        String allowed = "must be an integer from " + min + " to " + max;
        long number;
        try {
            number = c.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new InvalidSettingException(PATH + "." + key, shown, allowed);
        }
        if (number < min || number > max || !shown.strip().matches("-?\\d+")) {
            throw new InvalidSettingException(PATH + "." + key, shown, allowed);
        }
        return (int) number;
    }

    private static Duration duration(Config c, String key, Duration min, Duration max) {
        ConfigValue value = value(c, key);
        String shown = shown(value);
        String allowed = "must be a duration from " + human(min) + " to " + human(max) + ", e.g. 250ms, 5s, 30m";
        Duration d;
        try {
            d = c.getDuration(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new InvalidSettingException(PATH + "." + key, shown, allowed);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidSettingException(PATH + "." + key, shown, allowed);
        }
        return d;
    }

    private static Duration seconds(Config c, String key) {
        Duration d = duration(c, key, Duration.ofSeconds(1), ONE_DAY);
        if (d.toMillis() % 1000 != 0) {
            throw new InvalidSettingException(PATH + "." + key, shown(value(c, key)), "must be whole seconds, e.g. 1s, 30s");
        }
        return d;
    }

    private static long bytes(Config c, String key, long min, long max) {
        ConfigValue value = value(c, key);
        String shown = shown(value);
        String allowed = "must be a size from " + min + " to " + max + " bytes, e.g. 16KiB, 1MiB";
        long n;
        try {
            n = c.getBytes(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new InvalidSettingException(PATH + "." + key, shown, allowed);
        }
        if (n < min || n > max) {
            throw new InvalidSettingException(PATH + "." + key, shown, allowed);
        }
        return n;
    }

    private static ConfigValue value(Config c, String key) {
        if (!c.hasPathOrNull(key)) {
            throw new InvalidSettingException(PATH + "." + key, "missing (no default in " + RESOURCE + "?)");
        }
        if (c.getIsNull(key)) {
            throw new InvalidSettingException(PATH + "." + key, "null", "must be set");
        }
        return c.getValue(key);
    }

    private static String shown(ConfigValue value) {
        Object raw = value.unwrapped();
        return raw instanceof String s ? quoted(s) : value.render();
    }

    private static String quoted(String s) {
        return s.matches("-?[\\w.]+") ? s : '"' + s.replace("\"", "\\\"") + '"';
    }

    private static String human(Duration d) {
        if (d.isZero()) {
            return "0ms";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        if (d.toSeconds() < 60) {
            return d.toSeconds() + "s";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + "m";
        }
        if (d.toHours() < 24) {
            return d.toHours() + "h";
        }
        return d.toDays() + "d";
    }
}
