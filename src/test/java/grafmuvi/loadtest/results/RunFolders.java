package grafmuvi.loadtest.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the folder Gatling writes a run into, from what Gatling itself uses to name it: {@code
 * <results folder>/<simulation id>-<yyyyMMddHHmmssSSS of the run's start>}, the start being taken
 * right after the simulation's {@code before()} returns. So this run's folder is the first one of
 * its simulation that started at or after {@code before()} began and holds a simulation.log. No
 * command line is parsed; the results folder comes from the settings (the Maven plugin's, passed by
 * pom.xml).
 */
public final class RunFolders {

  /**
   * The file in the results folder that names the newest run's folder (one line, the folder's
   * name): written by the run itself, read by every script and test that looks for "the last run".
   */
  public static final String LAST_RUN = "last-run";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

  private RunFolders() {}

  /** The run folder of simulationClass that started at or after startedAfterMillis, if any. */
  public static Optional<Path> find(
      Path resultsFolder, String simulationClass, long startedAfterMillis) {
    ZoneId zone = RunLog.zone();
    String prefix = simulationId(simulationClass) + "-";
    if (!Files.isDirectory(resultsFolder)) {
      return Optional.empty();
    }
    try (Stream<Path> folders = Files.list(resultsFolder)) {
      return folders
          .filter(
              f ->
                  f.getFileName().toString().startsWith(prefix)
                      && Files.isRegularFile(f.resolve("simulation.log")))
          .filter(f -> startMillis(f, prefix, zone) >= startedAfterMillis)
          .min(Comparator.comparingLong(f -> startMillis(f, prefix, zone)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + resultsFolder, e);
    }
  }

  /** Records runFolder as the newest run of its results folder (its parent). */
  public static void writeLastRun(Path runFolder) throws IOException {
    Path results = runFolder.toAbsolutePath().getParent();
    Path tmp = results.resolve("." + LAST_RUN + ".tmp");
    Files.writeString(tmp, runFolder.getFileName() + "\n");
    Files.move(tmp, results.resolve(LAST_RUN), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The newest run's folder as the run itself recorded it, if a run did. */
  public static Optional<Path> lastRun(Path resultsFolder) throws IOException {
    Path file = resultsFolder.resolve(LAST_RUN);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(resultsFolder.resolve(Files.readString(file).strip()));
  }

  /**
   * Gatling's simulation id: the simple class name, lower-cased, anything but [a-z0-9-] replaced by
   * '-'.
   */
  static String simulationId(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return Normalizer.normalize(simple, Normalizer.Form.NFD)
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\p{InCombiningDiacriticalMarks}+", "-")
        .replaceAll("[^a-zA-Z0-9\\-]", "-");
  }

  private static long startMillis(Path folder, String prefix, ZoneId zone) {
    try {
      return LocalDateTime.parse(folder.getFileName().toString().substring(prefix.length()), STAMP)
          .atZone(zone)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }
}
