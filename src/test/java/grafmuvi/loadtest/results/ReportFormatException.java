package grafmuvi.loadtest.results;

/** The run folder is missing, incomplete, or not in the format this code reads (Gatling 3.16.0). */
public class ReportFormatException extends RuntimeException {
  public ReportFormatException(String message) {
    super(message);
  }

  public ReportFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
