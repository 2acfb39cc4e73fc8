package grafmuvi.api;

import java.math.BigDecimal;

/**
 * Cypher 3.5's {@code toInt(<string>)}, which upstream applies to the year segment of {@code
 * /api/title/{title}/{year}}: {@code Long.parseLong}; if that fails, the string as a decimal
 * ({@code BigDecimal}, truncated toward zero); if that fails too, null (no movie matches). So
 * {@code "1972"}, {@code "+1972"}, {@code "01972"}, {@code "1972.0"}, {@code "1972.9"} and {@code
 * "1.972e3"} are 1972; {@code " 1972"}, {@code "1972abc"}, {@code "abc"} and {@code ""} are null. A
 * number beyond a long fails the query (Neo4j's "integer, …, is too large").
 */
final class CypherInt {

  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);

  /** The query fails: upstream answers such a request 404 {}. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String text) {
      super("integer, " + text + ", is too large", null, false, false);
    }
  }

  private CypherInt() {}

  /** The integer, or null when the text is not a number. */
  static Long toInt(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      // not a plain long: try a decimal
    }
    BigDecimal d;
    try {
      d = new BigDecimal(text);
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
    if (d.compareTo(MAX) > 0 || d.compareTo(MIN) < 0) {
      throw new TooLarge(text);
    }
    return d.longValue();
  }
}
