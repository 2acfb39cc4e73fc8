package grafmuvi.loadtest.run;

import grafmuvi.loadtest.results.Summary;
import grafmuvi.loadtest.results.SummaryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads, at the start of a run, every class the end of the run needs. Loading a class from a folder
 * of the class path opens a file; a run that has used up its open files (every socket is one) could
 * not load them at its end, and would lose its summaries with them. So every class of the project
 * is loaded now, and the summaries are rendered once, in memory, on made-up figures.
 */
final class Preload {

  private Preload() {}

  static void endOfRun() {
    try {
      ClassLoader loader = Preload.class.getClassLoader();
      Enumeration<URL> roots = loader.getResources("grafmuvi");
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        if ("file".equals(root.getProtocol())) {
          loadAll(Path.of(root.toURI()).getParent(), loader);
        }
      }
      rehearse();
    } catch (IOException | URISyntaxException e) {
      throw new UncheckedIOException(new IOException("cannot preload the project's classes", e));
    }
  }

  private static void loadAll(Path classesRoot, ClassLoader loader) throws IOException {
    try (Stream<Path> files = Files.walk(classesRoot.resolve("grafmuvi"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classesRoot.relativize(f).toString();
        name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        if (name.endsWith("Test") || name.endsWith("IT") || name.contains(".testing.")) {
          continue;
        }
        try {
          Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // a class the load never uses (e.g. a test helper's dependency): nothing to preload
        }
      }
    }
  }

  /** Renders the three summary files in memory, so that their writers' classes are loaded too. */
  private static void rehearse() throws IOException {
    Summary.Stats row =
        new Summary.Stats("rehearsal", 1, 1, 0, 0, 1.0, 1, 1, 1, 1, 1, 1, 1, 0, 10.0);
    Summary s =
        new Summary(
            Summary.SCHEMA,
            "rehearsal",
            "rehearsal",
            "rehearsal",
            "",
            "",
            1L,
            Summary.PASSED,
            null,
            Map.of(),
            Map.of(),
            row,
            List.of(row),
            List.of(),
            List.of(),
            new Summary.Timeline(1, List.of()),
            null,
            null,
            List.of(),
            null,
            Map.of());
    SummaryWriter.json(s);
    SummaryWriter.junit(s);
    SummaryWriter.markdown(s);
    // The jars of Gatling's reader, validator and report, opened now (a jar stays open once read).
    for (String name :
        List.of(
            "io.gatling.charts.stats.LogFileReader",
            "io.gatling.shared.model.assertion.AssertionValidator",
            "io.gatling.charts.report.ReportsGenerator",
            "io.gatling.app.Gatling")) {
      try {
        Class.forName(name, false, Preload.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(name + " is missing from the class path", e);
      }
    }
  }
}
