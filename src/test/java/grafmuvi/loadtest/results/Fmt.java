package grafmuvi.loadtest.results;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting shared by the Markdown and console tables. */
final class Fmt {
  private Fmt() {}

  /** At most two decimals, no trailing zeros, "-" for null. */
  static String num(Double value) {
    if (value == null) {
      return "-";
    }
    if (value.isNaN() || value.isInfinite()) {
      return String.valueOf(value);
    }
    BigDecimal bd =
        BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    return bd.scale() < 0 ? bd.setScale(0).toPlainString() : bd.toPlainString();
  }

  static String num(double value) {
    return num(Double.valueOf(value));
  }

  static String signedPercent(Double value) {
    if (value == null) {
      return "-";
    }
    if (value.isInfinite()) {
      return value > 0 ? "+inf %" : "-inf %";
    }
    return (value > 0 ? "+" : "") + num(value) + " %";
  }
}
