package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Parses the GitHub workflow and Dependabot files with a real YAML parser and checks that what they
 * run exists: every {@code ./mvnw} goal is a lifecycle phase or a goal of a plugin the pom
 * declares, every script exists and is executable, every action is pinned (GitHub's to a major
 * version, others to a commit), and both jobs report junit.xml as a check. Whether the steps pass
 * is for .ci/run, which runs them (.ci/workflow-job).
 */
class WorkflowFilesTest {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path WORKFLOW = ROOT.resolve(".github/workflows/load-test.yml");
  static final Path DEPENDABOT = ROOT.resolve(".github/dependabot.yml");

  static final Set<String> PHASES =
      Set.of(
          "clean",
          "validate",
          "initialize",
          "generate-sources",
          "process-sources",
          "generate-resources",
          "process-resources",
          "compile",
          "process-classes",
          "generate-test-sources",
          "process-test-sources",
          "generate-test-resources",
          "process-test-resources",
          "test-compile",
          "process-test-classes",
          "test",
          "prepare-package",
          "package",
          "pre-integration-test",
          "integration-test",
          "post-integration-test",
          "verify",
          "install",
          "deploy");

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path file) throws IOException {
    Object doc = new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
    assertTrue(doc instanceof Map, file + " is not a YAML mapping");
    return (Map<String, Object>) doc;
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String... path) {
    Object cur = node;
    for (String key : path) {
      assertTrue(cur instanceof Map, "no mapping at " + key + " in " + String.join(".", path));
      Map<Object, Object> map = (Map<Object, Object>) cur;
      // YAML 1.1 (SnakeYAML) reads the bare key `on` as boolean true
      cur = map.containsKey(key) ? map.get(key) : "on".equals(key) ? map.get(Boolean.TRUE) : null;
      assertNotNull(cur, "missing '" + key + "' in " + String.join(".", path));
    }
    return (T) cur;
  }

  @Test
  @SuppressWarnings("unchecked")
  void workflowHasTheTriggersAndJobs() throws IOException {
    Map<String, Object> wf = load(WORKFLOW);
    Map<String, Object> on = at(wf, "on");
    assertTrue(
        on.keySet().containsAll(List.of("push", "pull_request", "schedule", "workflow_dispatch")),
        on.toString());
    List<Map<String, Object>> schedule = (List<Map<String, Object>>) on.get("schedule");
    String cron = (String) schedule.get(0).get("cron");
    assertEquals(5, cron.trim().split("\\s+").length, "cron " + cron);

    Map<String, Object> jobs = at(wf, "jobs");
    assertEquals(Set.of("smoke", "nightly"), jobs.keySet());
    String smokeRuns = runs(at(wf, "jobs", "smoke", "steps"));
    assertTrue(smokeRuns.contains("./mvnw -B verify"), smokeRuns);
    assertTrue(smokeRuns.contains("$GITHUB_STEP_SUMMARY"), smokeRuns);
    String nightlyRuns = runs(at(wf, "jobs", "nightly", "steps"));
    assertTrue(nightlyRuns.contains("./mvnw -B gatling:test $BASELINE_ARG"), nightlyRuns);
    assertTrue(nightlyRuns.contains("-Dgrafmuvi.baseline="), nightlyRuns);
    assertTrue(nightlyRuns.contains("gh run download"), nightlyRuns);
    assertEquals("read", at(wf, "jobs", "nightly", "permissions", "actions"));

    // artifacts: the smoke job uploads the run folders, the nightly its summary under the name it
    // downloads
    List<Map<String, Object>> uploads = new ArrayList<>();
    for (String job : List.of("smoke", "nightly")) {
      for (Map<String, Object> step : (List<Map<String, Object>>) at(wf, "jobs", job, "steps")) {
        if (String.valueOf(step.get("uses")).startsWith("actions/upload-artifact@")) {
          assertEquals("always()", step.get("if"), "uploads must survive a failed run: " + step);
          uploads.add(step);
        }
      }
    }
    assertTrue(
        uploads.stream()
            .anyMatch(u -> "target/gatling/".equals(((Map<?, ?>) u.get("with")).get("path"))));
    assertTrue(
        uploads.stream()
            .anyMatch(u -> "nightly-summary".equals(((Map<?, ?>) u.get("with")).get("name"))));
    assertTrue(nightlyRuns.contains("--name nightly-summary"), nightlyRuns);
  }

  @Test
  @SuppressWarnings("unchecked")
  void bothJobsReportGatlingsJunitXmlAsACheckEvenWhenTheRunFailed() throws IOException {
    Map<String, Object> wf = load(WORKFLOW);
    for (String job : List.of("smoke", "nightly")) {
      List<Map<String, Object>> reports =
          ((List<Map<String, Object>>) at(wf, "jobs", job, "steps"))
              .stream()
                  .filter(
                      s ->
                          String.valueOf(s.get("uses")).startsWith("mikepenz/action-junit-report@"))
                  .filter(
                      s ->
                          "target/gatling/*/junit.xml"
                              .equals(((Map<?, ?>) s.get("with")).get("report_paths")))
                  .toList();
      assertEquals(1, reports.size(), job + " needs one test-report step for Gatling's junit.xml");
      Map<String, Object> report = reports.get(0);
      assertEquals(
          "always()", report.get("if"), job + ": a breached threshold must still be reported");
      // no junit.xml: a failed step and no check, rather than a green check for a missing run
      assertEquals(true, ((Map<?, ?>) report.get("with")).get("require_tests"), job);
      assertEquals("write", at(wf, "jobs", job, "permissions", "checks"), job + " posts a check");
      assertEquals("read", at(wf, "jobs", job, "permissions", "contents"), job);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyActionIsPinnedToAtLeastAMajorVersion() throws IOException {
    Map<String, Object> jobs = at(load(WORKFLOW), "jobs");
    int count = 0;
    for (Object job : jobs.values()) {
      for (Map<String, Object> step :
          (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")) {
        Object uses = step.get("uses");
        if (uses != null) {
          count++;
          assertTrue(
              String.valueOf(uses).matches("[\\w.-]+/[\\w./-]+@(v\\d+(\\.\\d+){0,2}|[0-9a-f]{40})"),
              "action not pinned to a version: " + uses);
          // GitHub's own actions by major version; anyone else's by commit, which a tag cannot move
          assertTrue(
              String.valueOf(uses).startsWith("actions/")
                  || String.valueOf(uses).matches(".+@[0-9a-f]{40}"),
              "a third-party action must be pinned to a full commit SHA: " + uses);
        }
      }
    }
    assertTrue(count >= 4);
  }

  @Test
  void everyMavenGoalAndScriptTheWorkflowRunsExists() throws IOException {
    String runs =
        runs(at(load(WORKFLOW), "jobs", "smoke", "steps"))
            + "\n"
            + runs(at(load(WORKFLOW), "jobs", "nightly", "steps"));
    Set<String> pluginGoals = declaredPluginGoals();
    List<String> invocations = new ArrayList<>();
    Matcher m = Pattern.compile("\\./mvnw([^\\n|&;>]*)").matcher(runs);
    while (m.find()) {
      invocations.add(m.group(1));
      for (String token : m.group(1).trim().split("\\s+")) {
        if (token.isEmpty() || token.startsWith("-") || token.startsWith("$")) {
          continue; // options, -Dproperties, shell variables
        }
        assertTrue(
            PHASES.contains(token) || pluginGoals.contains(token),
            "./mvnw runs '"
                + token
                + "', which is neither a lifecycle phase nor a goal of a plugin in pom.xml "
                + pluginGoals);
      }
    }
    assertEquals(2, invocations.size(), invocations.toString());
    assertTrue(Files.isExecutable(ROOT.resolve("mvnw")), "mvnw must be executable");

    Matcher scripts = Pattern.compile("(scripts/[\\w.-]+)").matcher(runs);
    int n = 0;
    while (scripts.find()) {
      n++;
      assertTrue(
          Files.isExecutable(ROOT.resolve(scripts.group(1))),
          scripts.group(1) + " missing or not executable");
    }
    assertTrue(n >= 2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependabotWatchesMavenAndGithubActions() throws IOException {
    Map<String, Object> d = load(DEPENDABOT);
    assertEquals(2, d.get("version"));
    Set<String> ecosystems = new LinkedHashSet<>();
    for (Map<String, Object> u : (List<Map<String, Object>>) d.get("updates")) {
      ecosystems.add((String) u.get("package-ecosystem"));
      assertEquals("/", u.get("directory"));
      assertNotNull(at(u, "schedule", "interval"));
    }
    assertEquals(Set.of("maven", "github-actions"), ecosystems);
  }

  @Test
  void theYamlParserRejectsBrokenYaml() {
    // proves the parser used above can fail
    assertFalse(
        org.junit.jupiter.api.Assertions.assertThrows(
                org.yaml.snakeyaml.error.YAMLException.class,
                () -> new Yaml().load("jobs:\n  a: [1, 2\n  b: 3\n"))
            .getMessage()
            .isEmpty());
  }

  // ------------------------------------------------------------------ helpers

  @SuppressWarnings("unchecked")
  static String runs(List<Map<String, Object>> steps) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> step : steps) {
      if (step.get("run") != null) {
        sb.append(step.get("run")).append('\n');
      }
    }
    // join shell line continuations
    return sb.toString().replace("\\\n", " ");
  }

  /**
   * "prefix:goal" for every plugin in pom.xml's build plugins whose descriptor is in the local
   * Maven repository (it is during ./mvnw verify, which resolves the whole build plan first);
   * otherwise the goals of that plugin are not checked beyond its prefix being declared.
   */
  static Set<String> declaredPluginGoals() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Set<String> goals = new LinkedHashSet<>();
    Matcher plugin =
        Pattern.compile(
                "<plugin>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    while (plugin.find()) {
      String version = resolveProperty(pom, plugin.group(3));
      Path jar =
          Path.of(
                  System.getProperty(
                      "maven.repo.local",
                      Path.of(System.getProperty("user.home"), ".m2", "repository").toString()))
              .resolve(plugin.group(1).replace('.', '/'))
              .resolve(plugin.group(2))
              .resolve(version)
              .resolve(plugin.group(2) + "-" + version + ".jar");
      if (!Files.isRegularFile(jar)) {
        continue;
      }
      try (JarFile jf = new JarFile(jar.toFile())) {
        ZipEntry entry = jf.getEntry("META-INF/maven/plugin.xml");
        if (entry == null) {
          continue;
        }
        String xml;
        try (InputStream in = jf.getInputStream(entry)) {
          xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher prefix = Pattern.compile("<goalPrefix>([^<]+)</goalPrefix>").matcher(xml);
        if (!prefix.find()) {
          continue;
        }
        Matcher goal = Pattern.compile("<goal>([^<]+)</goal>").matcher(xml);
        while (goal.find()) {
          goals.add(prefix.group(1) + ":" + goal.group(1));
        }
      }
    }
    if (goals.stream().noneMatch(g -> g.startsWith("gatling:"))) {
      // descriptor not downloaded yet (e.g. ./mvnw test on a fresh machine): accept the plugin's
      // run goal
      assertTrue(pom.contains("<artifactId>gatling-maven-plugin</artifactId>"));
      goals.add("gatling:test");
    }
    return goals;
  }

  static String resolveProperty(String pom, String value) {
    Matcher p = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
    if (!p.matches()) {
      return value;
    }
    Matcher def =
        Pattern.compile(
                "<" + Pattern.quote(p.group(1)) + ">([^<]+)</" + Pattern.quote(p.group(1)) + ">")
            .matcher(pom);
    assertTrue(def.find(), "property " + p.group(1) + " not defined in pom.xml");
    return def.group(1);
  }
}
