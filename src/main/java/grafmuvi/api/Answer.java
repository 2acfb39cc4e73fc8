package grafmuvi.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A ready JSON answer: its bytes and its weak ETag, computed the way Express does ({@code
 * W/"<length in hex>-<first 27 characters of the base64 SHA-1>"}).
 */
record Answer(byte[] body, String etag) {

  static final Answer EMPTY_OBJECT = of("{}".getBytes(StandardCharsets.UTF_8));

  static Answer of(byte[] body) {
    return new Answer(body, weakEtag(body));
  }

  static String weakEtag(byte[] body) {
    if (body.length == 0) {
      return "W/\"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk\"";
    }
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(body);
      String hash = Base64.getEncoder().encodeToString(sha1).substring(0, 27);
      return "W/\"" + Integer.toHexString(body.length) + '-' + hash + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  boolean isEmptyObject() {
    return body.length == 2;
  }
}
