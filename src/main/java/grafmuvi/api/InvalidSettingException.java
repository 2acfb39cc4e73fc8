package grafmuvi.api;

/**
 * A setting of the API server has a value it cannot run with. The message names the key, the value
 * and what is allowed, e.g. {@code grafmuvi.api.port = 70000: must be an integer from 0 to 65535}.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidSettingException(String path, Object value, String allowed) {
        super(path + " = " + value + ": " + allowed);
    }

    InvalidSettingException(String path, String problem) {
        super(path + ": " + problem);
    }
}
