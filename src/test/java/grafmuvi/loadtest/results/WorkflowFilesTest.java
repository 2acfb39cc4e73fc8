package grafmuvi.loadtest.results;

import static java.util.stream.Collectors.joining;
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
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Parses the GitHub workflow and Dependabot files with a real YAML parser and checks that what they
 * run exists: every {@code run:} step is one line calling a script of {@code scripts/ci/}, every
 * such script is called by the workflow, and {@code .ci/run} calls them all in the workflow's order
 * but for those marked {@code # github-only} (exactly those that call {@code gh}); every {@code
 * ./mvnw} goal in them is a lifecycle phase or a goal of a plugin the pom declares; every action is
 * pinned (GitHub's to a major version, others to a commit), and both jobs report junit.xml as a
 * check. Whether the steps pass is for .ci/run, which runs the scripts.
 */
class WorkflowFilesTest {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path WORKFLOW = ROOT.resolve(".github/workflows/load-test.yml");
  static final Path DEPENDABOT = ROOT.resolve(".github/dependabot.yml");
  static final Path SCRIPTS_CI = ROOT.resolve("scripts/ci");
  static final Path CI_RUN = ROOT.resolve(".ci/run");

  /** A whole run: step: a script of scripts/ci/ and plain words as its arguments, on one line. */
  static final Pattern SCRIPT_CALL =
      Pattern.compile("(scripts/ci/[\\w.-]+\\.sh)((?: [\\w./=-]+)*)");

  /** A call of gh, GitHub's CLI, in a script's code. */
  static final Pattern GH_CALL = Pattern.compile("(^|[\\s;&|(`])gh\\s", Pattern.MULTILINE);

  /** The line that marks a script as needing GitHub itself (.ci/run does not call it). */
  static final Pattern GITHUB_ONLY = Pattern.compile("(?m)^# github-only\\b");

  /** One step of .ci/run's jobs: ci_step [always] SCRIPT [ARG]... */
  static final Pattern CI_STEP = Pattern.compile("(?m)^\\s*ci_step (.*)$");

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
    assertTrue(
        nightlyRuns.contains("./mvnw -B gatling:test ${BASELINE_ARG:+\"$BASELINE_ARG\"}"),
        nightlyRuns);
    assertTrue(nightlyRuns.contains("BASELINE_ARG=-Dgrafmuvi.baseline="), nightlyRuns);
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

    Matcher scripts = Pattern.compile("(scripts/[\\w./-]+\\.sh)").matcher(runs);
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
  void everyRunStepIsOneLineCallingAnExecutableScriptOfScriptsCi() throws IOException {
    int count = 0;
    for (Step step : runSteps()) {
      count++;
      Matcher call = SCRIPT_CALL.matcher(step.run());
      assertTrue(
          call.matches(),
          step
              + ": a run: step is one line, `scripts/ci/<name>.sh [plain arguments]`; anything else"
              + " (shell code, redirections, variables) goes into the script");
      Path script = ROOT.resolve(call.group(1)).normalize();
      assertTrue(script.startsWith(SCRIPTS_CI), step + " calls a script outside scripts/ci/");
      assertTrue(Files.isRegularFile(script), step + ": " + script + " does not exist");
      assertTrue(Files.isExecutable(script), step + ": " + script + " is not executable");
    }
    assertTrue(count >= 6, "run: steps found: " + count);
  }

  @Test
  void everyScriptOfScriptsCiIsCalledByTheWorkflowAndShapedAlike() throws IOException {
    Set<String> called = new LinkedHashSet<>();
    for (Step step : runSteps()) {
      called.add(step.script());
    }
    List<String> scripts = ciScripts();
    assertFalse(scripts.isEmpty(), "no script in " + SCRIPTS_CI);
    for (String script : scripts) {
      assertTrue(
          called.contains(script), script + " is called by no run: step of the workflow " + called);
      List<String> lines = Files.readAllLines(ROOT.resolve(script));
      assertEquals("#!/usr/bin/env bash", lines.get(0), script + ": not a bash script");
      long header = lines.stream().skip(1).takeWhile(l -> l.startsWith("#")).count();
      assertTrue(
          header >= 2 && header <= 4,
          script + ": starts with 2-4 comment lines (what it does, reads, writes), has " + header);
      assertTrue(lines.contains("set -euo pipefail"), script + ": no `set -euo pipefail`");
      assertTrue(
          lines.contains("cd \"$(dirname \"${BASH_SOURCE[0]}\")/../..\""),
          script + ": does not cd to the project root itself");
    }
  }

  @Test
  void exactlyTheScriptsThatCallGhAreMarkedGithubOnly() throws IOException {
    int githubOnly = 0;
    for (String script : ciScripts()) {
      String text = Files.readString(ROOT.resolve(script));
      boolean marked = GITHUB_ONLY.matcher(text).find();
      boolean callsGh = GH_CALL.matcher(code(text)).find();
      assertEquals(
          callsGh,
          marked,
          script
              + (callsGh
                  ? " calls gh, so needs GitHub: mark it with a `# github-only` line"
                  : " does not call gh, so .ci/run can run it: remove its `# github-only` line"));
      githubOnly += marked ? 1 : 0;
    }
    assertTrue(githubOnly >= 1, "the nightly's baseline download needs GitHub (gh)");
  }

  @Test
  void ciRunRunsTheWorkflowsScriptsInItsOrderButTheGithubOnlyOnes() throws IOException {
    List<String> expected = new ArrayList<>();
    for (Step step : runSteps()) {
      if (GITHUB_ONLY.matcher(Files.readString(ROOT.resolve(step.script()))).find()) {
        continue;
      }
      Object condition = step.step().get("if");
      assertTrue(
          condition == null || "always()".equals(condition),
          step + ": .ci/run mirrors no if: but always() (ci_step always)");
      expected.add((condition == null ? "" : "always ") + step.run());
    }
    String ciRun = code(Files.readString(CI_RUN));
    List<String> steps = new ArrayList<>();
    Matcher ciStep = CI_STEP.matcher(ciRun);
    while (ciStep.find()) {
      steps.add(ciStep.group(1).trim());
    }
    assertEquals(
        expected,
        steps,
        ".ci/run's ci_step lines must be the workflow's run: steps, job by job in the workflow's"
            + " order, with `always` where the workflow has if: always(), but for the github-only"
            + " scripts");
    for (String line : ciRun.split("\n")) {
      if (line.contains("scripts/ci/")) {
        assertTrue(
            CI_STEP.matcher(line).matches(),
            ".ci/run calls a script of scripts/ci/ other than through ci_step: " + line);
      }
    }
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

  /** A run: step of a job, with its text (trimmed) and the script it calls. */
  record Step(String job, Map<String, Object> step, String run) {
    String script() {
      return run.split(" ", 2)[0];
    }

    @Override
    public String toString() {
      return "job " + job + ", step '" + step.getOrDefault("name", run) + "' (run: " + run + ")";
    }
  }

  /** The run: steps of every job, in the workflow's order. */
  @SuppressWarnings("unchecked")
  static List<Step> runSteps() throws IOException {
    List<Step> steps = new ArrayList<>();
    Map<String, Object> jobs = at(load(WORKFLOW), "jobs");
    for (Map.Entry<String, Object> job : jobs.entrySet()) {
      for (Map<String, Object> step : (List<Map<String, Object>>) at(job.getValue(), "steps")) {
        if (step.get("run") != null) {
          steps.add(new Step(job.getKey(), step, String.valueOf(step.get("run")).strip()));
        }
      }
    }
    return steps;
  }

  /** The files of scripts/ci/, as paths from the project root (scripts/ci/NAME). */
  static List<String> ciScripts() throws IOException {
    try (Stream<Path> files = Files.list(SCRIPTS_CI)) {
      return files.map(f -> ROOT.relativize(f).toString()).sorted().toList();
    }
  }

  /** A shell script without its comment lines. */
  static String code(String script) {
    return script.lines().filter(l -> !l.strip().startsWith("#")).collect(joining("\n"));
  }

  /**
   * What the steps run: each run: step, followed by the code of the scripts/ci/ script it calls,
   * shell line continuations joined.
   */
  @SuppressWarnings("unchecked")
  static String runs(List<Map<String, Object>> steps) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> step : steps) {
      if (step.get("run") != null) {
        String run = String.valueOf(step.get("run"));
        sb.append(run).append('\n');
        Matcher call = SCRIPT_CALL.matcher(run.strip());
        if (call.matches() && Files.isRegularFile(ROOT.resolve(call.group(1)))) {
          sb.append(code(Files.readString(ROOT.resolve(call.group(1))))).append('\n');
        }
      }
    }
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
