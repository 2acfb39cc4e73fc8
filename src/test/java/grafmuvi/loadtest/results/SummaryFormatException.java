package grafmuvi.loadtest.results;

/**
 * A summary.json or simulation.log that cannot be read as one; the message says which file and why.
 */
public final class SummaryFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SummaryFormatException(String message) {
    super(message, null, false, false);
  }
}
