package grafmuvi.loadtest.results;

import java.util.List;
import java.util.Map;

/** A {@link Summary} as summary.md: the headline, the tables, for a CI job summary. */
final class MarkdownSummary {

  private MarkdownSummary() {}

  static String of(Summary s) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Gatling ")
        .append(md(s.simulation()))
        .append(": ")
        .append(
            s.cutShort() != null
                ? "⚠️ " + md(s.cutShort().words())
                : s.passed() ? "✅ passed" : "❌ failed")
        .append("\n\n");
    if (s.headline() != null) {
      sb.append("**").append(md(s.headline())).append("**\n\n");
    }
    if (s.levels() != null && !s.levels().isEmpty()) {
      sb.append(levelsTable(s.levels())).append('\n');
    }
    sb.append("Run `")
        .append(s.runFolder())
        .append("`, ")
        .append(s.start())
        .append(" → ")
        .append(s.end())
        .append(" (")
        .append(s.durationSeconds())
        .append(" s), Gatling ")
        .append(s.gatlingVersion())
        .append(".\n\n");
    sb.append(
        "| Request | Count | OK | KO | KO % | req/s | min | p50 | p75 | p95 | p99 | max | mean |"
            + " std dev | avg size (bytes) |\n");
    sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    statsRow(sb, "**All requests**", s.global());
    for (Summary.Stats r : s.requests()) {
      statsRow(sb, md(r.name()), r);
    }
    sb.append(
        "\nTimes in ms (Gatling's figures); average sizes of the answers' bodies from the in-run"
            + " recorder.\n");
    if (!s.assertions().isEmpty()) {
      sb.append("\n### Assertions\n\n| Assertion | Limit | Actual | Result |\n|---|--:|--:|---|\n");
      for (Summary.AssertionOutcome a : s.assertions()) {
        sb.append("| ")
            .append(md(a.message()))
            .append(" | ")
            .append(Fmt.num(a.limit()))
            .append(" | ")
            .append(a.error() != null ? md(a.error()) : Fmt.num(a.actual()))
            .append(" | ")
            .append(a.passed() ? "✅ pass" : "❌ **fail**")
            .append(" |\n");
      }
    }
    if (s.baseline() != null) {
      boolean regressed =
          s.baseline().rows().stream().anyMatch(r -> Boolean.FALSE.equals(r.passed()));
      sb.append("\n### Compared with baseline: ")
          .append(regressed ? "❌ **regressed**" : "✅ no regression")
          .append("\n\n");
      sb.append("Baseline `")
          .append(md(s.baseline().file()))
          .append("`.\n\n")
          .append(Baseline.table(s.baseline().rows()));
    }
    if (!s.errors().isEmpty()) {
      sb.append("\n### Errors\n\n| Error | whose | Count | % of KO |\n|---|---|--:|--:|\n");
      for (Summary.ErrorCount e : s.errors()) {
        sb.append("| ")
            .append(md(e.message()))
            .append(" | ")
            .append("injector".equals(e.source()) ? "**the injector's**" : "the target's")
            .append(" | ")
            .append(e.count())
            .append(" | ")
            .append(Fmt.num(e.percent()))
            .append(" |\n");
      }
    }
    if (s.sections() != null) {
      for (Map.Entry<String, Object> e : s.sections().entrySet()) {
        sb.append("\n### ").append(md(e.getKey())).append("\n\n");
        if (e.getValue() instanceof Map<?, ?> map) {
          sb.append("| Key | Value |\n|---|---|\n");
          map.forEach(
              (k, v) ->
                  sb.append("| ")
                      .append(md(String.valueOf(k)))
                      .append(" | ")
                      .append(md(String.valueOf(v)))
                      .append(" |\n"));
        } else {
          sb.append(md(String.valueOf(e.getValue()))).append('\n');
        }
      }
    }
    sb.append("\n<details><summary>Settings</summary>\n\n| Setting | Value |\n|---|---|\n");
    s.settings()
        .forEach(
            (k, v) ->
                sb.append("| ")
                    .append(md(k))
                    .append(" | ")
                    .append(md(String.valueOf(v)))
                    .append(" |\n"));
    sb.append("\n</details>\n");
    return sb.toString();
  }

  private static void statsRow(StringBuilder sb, String name, Summary.Stats r) {
    sb.append("| ")
        .append(name)
        .append(" | ")
        .append(r.count())
        .append(" | ")
        .append(r.ok())
        .append(" | ")
        .append(r.ko())
        .append(" | ")
        .append(Fmt.num(r.koPercent()))
        .append(" | ")
        .append(Fmt.num(r.meanRps()));
    for (Integer ms :
        new Integer[] {
          r.min(), r.p50(), r.p75(), r.p95(), r.p99(), r.max(), r.mean(), r.stdDev()
        }) {
      sb.append(" | ").append(ms == null ? "-" : ms.toString());
    }
    sb.append(" | ").append(Fmt.num(r.meanBytes())).append(" |\n");
  }

  /** The levels of a stair run as a Markdown table (console and summary.md). */
  public static String levelsTable(List<Summary.Level> levels) {
    StringBuilder sb =
        new StringBuilder(
            "| level | seconds | requests/s | of at most | KO % | p95 ms | p99 ms | injector CPU %"
                + " | machine CPU % | outcome |\n|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (Summary.Level l : levels) {
      sb.append("| ")
          .append(md(l.name()))
          .append(" | ")
          .append(l.fromSecond())
          .append("–")
          .append(l.toSecond())
          .append(" | ")
          .append(Fmt.num(l.requestsPerSecond()))
          .append(" | ")
          .append(Fmt.num(l.limit()))
          .append(" | ")
          .append(Fmt.num(l.koPercent()))
          .append(" | ")
          .append(l.p95() == null ? "-" : l.p95().toString())
          .append(" | ")
          .append(l.p99() == null ? "-" : l.p99().toString())
          .append(" | ")
          .append(Fmt.num(l.meanInjectorCpuPercent()))
          .append(" (peak ")
          .append(Fmt.num(l.peakInjectorCpuPercent()))
          .append(") | ")
          .append(Fmt.num(l.meanMachineCpuPercent()))
          .append(" | ")
          .append(md(l.outcome()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String md(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
