package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md and docs/*.md true: the README stays a short front door, its quick start holds
 * the two commands, and every setting, link, anchor, script path and class they name exists.
 */
class ReadmeTest {

  private static final Path README = Path.of("README.md");
  private static final Path DOCS = Path.of("docs");
  private static final int MAX_README_LINES = 300;
  private static final List<String> QUICK_START = List.of("./mvnw gatling:test", "./mvnw verify");

  /** Keys the docs name on purpose although they do not exist: examples of refused typos. */
  private static final Set<String> NAMED_AS_TYPOS = Set.of("grafmuvi.user");

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
  private static final Pattern SETTING =
      Pattern.compile("(?<![\\w/.-])grafmuvi(?:\\.(?:[a-z][a-z0-9-]*|<[a-z-]+>|\\*))+");
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern QUALIFIED_CLASS =
      Pattern.compile("(?<![\\w.])grafmuvi(?:\\.[a-z]+)+\\.[A-Z]\\w*");
  private static final Pattern TEST_CLASS = Pattern.compile("`([A-Z][a-z]\\w*(?:Test|IT))`");
  private static final Pattern PROJECT_PATH =
      Pattern.compile("(?<![\\w./~-])((?:scripts|bench|vm)/[\\w./-]*[\\w-])");

  @Test
  void readmeIsShort() throws IOException {
    long lines = Files.readAllLines(README).size();
    assertTrue(
        lines <= MAX_README_LINES,
        "README.md has "
            + lines
            + " lines; at most "
            + MAX_README_LINES
            + ": move detail to docs/");
  }

  @Test
  void quickStartHoldsExactlyTheTwoCommands() throws IOException {
    String section = section(Files.readString(README), "Quick start");
    List<String> commands = new ArrayList<>();
    Matcher block = FENCE.matcher(section);
    while (block.find()) {
      for (String line : block.group().split("\n")) {
        String command = line.replaceFirst("#.*", "").strip();
        if (!command.isEmpty() && !command.startsWith("```")) {
          commands.add(command);
        }
      }
    }
    assertEquals(QUICK_START, commands, "the commands of README.md's quick start");
  }

  @Test
  void everySettingNamedExists() throws IOException {
    Config settings =
        ConfigFactory.parseResources("grafmuvi.conf")
            .withFallback(ConfigFactory.parseResources("grafmuvi-api.conf"))
            .resolve();
    assertFalse(settings.isEmpty(), "grafmuvi.conf and grafmuvi-api.conf not on the classpath");
    Set<String> missing = new TreeSet<>();
    for (Path page : pages()) {
      // -Dgrafmuvi.x=... : the "-D" is glued to the key
      String text = Files.readString(page).replace("-Dgrafmuvi.", "-D grafmuvi.");
      Matcher m = SETTING.matcher(text);
      while (m.find()) {
        String key = m.group();
        boolean javaClass =
            text.length() > m.end() + 1
                && text.charAt(m.end()) == '.'
                && Character.isUpperCase(text.charAt(m.end() + 1));
        if (javaClass || key.equals("grafmuvi.conf") || NAMED_AS_TYPOS.contains(key)) {
          continue;
        }
        if (!exists(settings.root(), key.split("\\."), 0)) {
          missing.add(page + ": " + key);
        }
      }
    }
    assertEquals(Set.of(), missing, "settings named in the docs but absent from the .conf files");
  }

  @Test
  void everyRelativeLinkAndAnchorExists() throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Path page : pages()) {
      Matcher m = LINK.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved =
            (file.isEmpty() ? page.toAbsolutePath() : page.toAbsolutePath().resolveSibling(file))
                .normalize();
        if (!Files.exists(resolved)) {
          broken.add(page + ": " + target + " (no such file)");
        } else if (hash >= 0) {
          String anchor = target.substring(hash + 1);
          Set<String> known = anchors.computeIfAbsent(resolved, ReadmeTest::anchors);
          if (!known.contains(anchor)) {
            broken.add(page + ": " + target + " (no such heading; known: " + known + ")");
          }
        }
      }
    }
    assertEquals(List.of(), broken, "broken links");
  }

  @Test
  void readmeLinksToEveryDocsPage() throws IOException {
    String readme = Files.readString(README);
    List<String> unlinked = new ArrayList<>();
    for (Path page : pages()) {
      if (!page.equals(README) && !readme.contains("](" + page.toString().replace('\\', '/'))) {
        unlinked.add(page.toString());
      }
    }
    assertEquals(List.of(), unlinked, "docs pages that README.md does not link to");
  }

  @Test
  void everyScriptPathInReadmeCodeExists() throws IOException {
    Set<String> missing = new TreeSet<>();
    int found = 0;
    Matcher block = FENCE.matcher(Files.readString(README));
    while (block.find()) {
      Matcher path = PROJECT_PATH.matcher(block.group());
      while (path.find()) {
        found++;
        if (!Files.exists(Path.of(path.group(1)))) {
          missing.add(path.group(1));
        }
      }
    }
    assertTrue(found > 0, "no scripts/, bench/ or vm/ path found in README.md's code blocks");
    assertEquals(Set.of(), missing, "paths in README.md's code blocks that do not exist");
  }

  @Test
  void everyJavaClassNamedExists() throws IOException {
    Set<String> sources;
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      sources =
          files
              .map(Path::toString)
              .map(f -> f.replace('\\', '/'))
              .filter(f -> f.endsWith(".java"))
              .collect(Collectors.toSet());
    }
    Set<String> missing = new TreeSet<>();
    for (Path page : pages()) {
      String text = Files.readString(page);
      Matcher qualified = QUALIFIED_CLASS.matcher(text);
      while (qualified.find()) {
        String file = qualified.group().replace('.', '/') + ".java";
        if (sources.stream().noneMatch(f -> f.endsWith("/java/" + file))) {
          missing.add(page + ": " + qualified.group());
        }
      }
      Matcher test = TEST_CLASS.matcher(text);
      while (test.find()) {
        if (sources.stream().noneMatch(f -> f.endsWith("/" + test.group(1) + ".java"))) {
          missing.add(page + ": " + test.group(1));
        }
      }
    }
    assertEquals(Set.of(), missing, "classes named in the docs that are not in src/");
  }

  /** README.md and every docs/*.md. */
  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(README));
    try (Stream<Path> docs = Files.list(DOCS)) {
      pages.addAll(docs.filter(p -> p.toString().endsWith(".md")).sorted().toList());
    }
    return pages;
  }

  /** The text of the level-2 section titled title, up to the next level-2 heading. */
  private static String section(String markdown, String title) {
    Matcher start = Pattern.compile("(?m)^## " + Pattern.quote(title) + "\\s*$").matcher(markdown);
    assertTrue(start.find(), "README.md has no section \"## " + title + "\"");
    Matcher end = Pattern.compile("(?m)^## ").matcher(markdown);
    int stop = end.find(start.end()) ? end.start() : markdown.length();
    return markdown.substring(start.end(), stop);
  }

  /**
   * Whether path (from index i) names something in the settings; a segment {@code <name>} or {@code
   * *} stands for any key at that level.
   */
  private static boolean exists(ConfigObject object, String[] path, int i) {
    if (i == path.length) {
      return true;
    }
    String segment = path[i];
    List<ConfigValue> next =
        segment.startsWith("<") || segment.equals("*")
            ? new ArrayList<>(object.values())
            : object.containsKey(segment) ? List.of(object.get(segment)) : List.of();
    for (ConfigValue value : next) {
      if (i + 1 == path.length
          || (value instanceof ConfigObject child && exists(child, path, i + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The anchors GitHub gives the headings of a Markdown file (outside code blocks). */
  private static Set<String> anchors(Path file) {
    String text;
    try {
      text = FENCE.matcher(Files.readString(file)).replaceAll("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        String slug = slug(h.group(2));
        int n = seen.merge(slug, 1, Integer::sum);
        anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return anchors;
  }

  /**
   * GitHub's heading slug: the heading's text (links reduced to their text), lower-cased, every
   * character but letters, digits, marks, '_', '-' and spaces dropped, spaces turned into '-'.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "")
        .replace(' ', '-');
  }

  @Test
  void slugsFollowGitHub() {
    assertEquals(
        Stream.of(
                "the-graph-file-format-format-1",
                "3-the-real-grafmuvi-the-seeds-study-against-upstream-locust-and-gatling-alternating",
                "the-package--denterprise",
                "running-the-workflows-jobs-off-github")
            .collect(Collectors.toList()),
        Stream.of(
                "The graph file format (format 1)",
                "3. The real GrafMuvi: the seed's study against upstream, Locust and Gatling alternating",
                "The package: `-Denterprise`",
                "Running the workflow's jobs off GitHub")
            .map(ReadmeTest::slug)
            .collect(Collectors.toList()));
  }
}
