package grafmuvi.loadtest.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a run writes into its folder as soon as the folder exists ({@value #NAME}), and again when
 * it ends: the facts its summary needs and how long it was planned to run, so that a run cut short
 * (Ctrl-C, a crash, a killed JVM) can still be summed up from its simulation.log, by the run itself
 * or later by {@link FinishRun}.
 *
 * @param schema always {@value #SCHEMA}
 * @param facts what the summary needs beyond the log
 * @param plannedSeconds how long the load was planned to last
 * @param end how the run ended; null while it runs (or when its JVM died without a word)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunFile(String schema, RunSummary.Facts facts, long plannedSeconds, End end) {

  public static final String NAME = "grafmuvi-run.json";
  public static final String SCHEMA = "grafmuvi-run/1";

  /**
   * How a run ended.
   *
   * @param how "completed", or "interrupted"
   * @param reason why, e.g. "Ctrl-C or SIGTERM"
   * @param afterSeconds when, since the run started
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record End(String how, String reason, long afterSeconds) {

    public static final String COMPLETED = "completed";
    public static final String INTERRUPTED = "interrupted";
  }

  public static RunFile starting(RunSummary.Facts facts, long plannedSeconds) {
    return new RunFile(SCHEMA, facts, plannedSeconds, null);
  }

  public RunFile ended(End end) {
    return new RunFile(schema, facts, plannedSeconds, end);
  }

  /** How the run was cut short, or null when it ran its course. */
  public Summary.CutShort cutShort() {
    if (end == null) {
      return new Summary.CutShort("its JVM ended without finishing the run", -1, plannedSeconds);
    }
    return End.INTERRUPTED.equals(end.how())
        ? new Summary.CutShort(end.reason(), end.afterSeconds(), plannedSeconds)
        : null;
  }

  public void write(Path runFolder) throws IOException {
    Path tmp = runFolder.resolve("." + NAME + ".tmp");
    Files.writeString(tmp, SummaryWriter.MAPPER.writeValueAsString(this));
    Files.move(tmp, runFolder.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The run file of a folder; empty when it has none or cannot be read. */
  public static Optional<RunFile> read(Path runFolder) {
    Path file = runFolder.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      RunFile f = SummaryWriter.MAPPER.readValue(file.toFile(), RunFile.class);
      return SCHEMA.equals(f.schema()) ? Optional.of(f) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
