package grafmuvi.loadtest.results;

import java.util.List;
import java.util.Locale;

/**
 * The answer of a stair run in one line: how many users (or users/s) the API kept up with, and what
 * happened at the first level it did not, e.g. "GrafMuvi kept up with 6,000 users (857 of 857
 * requests/s, p95 12 ms); fell behind at 7,000 users (890 of 1,000 requests/s, p95 1.9 s)".
 */
public final class Answer {

  private Answer() {}

  public static String of(List<Summary.Level> levels, Summary.CutShort cutShort) {
    String tail = cutShort == null ? "" : "; the run was " + cutShort.words();
    if (levels.isEmpty()) {
      return "GrafMuvi: no level was judged" + tail;
    }
    int miss = 0;
    while (miss < levels.size() && Verdict.KEPT_UP.equals(levels.get(miss).outcome())) {
      miss++;
    }
    if (miss == levels.size()) {
      Summary.Level top = levels.get(miss - 1);
      return "GrafMuvi kept up with every level up to "
          + subject(top)
          + " ("
          + figures(top)
          + ")"
          + (cutShort == null
              ? "; the highest level did not find its limit: raise the ceiling to find it"
              : tail);
    }
    Summary.Level missed = levels.get(miss);
    String what =
        Verdict.INJECTOR_BOUND.equals(missed.outcome())
            ? "at "
                + subject(missed)
                + " the injector, not the API, was the limit ("
                + figures(missed)
                + ")"
            : missed.outcome() + " at " + subject(missed) + " (" + figures(missed) + ")";
    if (miss == 0) {
      return "GrafMuvi did not keep up at the first level: " + what + tail;
    }
    Summary.Level kept = levels.get(miss - 1);
    return "GrafMuvi kept up with " + subject(kept) + " (" + figures(kept) + "); " + what + tail;
  }

  /** "6,000 users" or "1,200 users/s". */
  private static String subject(Summary.Level l) {
    return l.users() > 0
        ? String.format(Locale.US, "%,d users", l.users())
        : String.format(Locale.US, "%,.0f users/s", l.limit() == null ? 0 : l.limit());
  }

  /** "857 of 857 requests/s, 0.5 % KO, p95 12 ms". */
  private static String figures(Summary.Level l) {
    StringBuilder sb =
        new StringBuilder(
            l.limit() == null
                ? String.format(Locale.US, "%,.0f requests/s", l.requestsPerSecond())
                : String.format(
                    Locale.US, "%,.0f of %,.0f requests/s", l.requestsPerSecond(), l.limit()));
    if (l.failed() > 0) {
      sb.append(String.format(Locale.US, ", %.2f %% KO", l.koPercent()));
    }
    if (l.p95() != null) {
      sb.append(", p95 ").append(millis(l.p95()));
    }
    return sb.toString();
  }

  private static String millis(int ms) {
    return ms < 1000 ? ms + " ms" : String.format(Locale.US, "%.1f s", ms / 1000.0);
  }
}
