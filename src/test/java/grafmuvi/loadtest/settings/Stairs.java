package grafmuvi.loadtest.settings;

import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import grafmuvi.config.Durations;
import grafmuvi.config.SettingsReader;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's users, level by level: start users, then step more at each level, each user looping as
 * the seed's did (one request, a uniform pause, again). Each level's new users arrive over the
 * ramp, then the level is held long enough for every user to loop at least twice; its steady window
 * (after the ramp plus the longest pause) is judged by the verdict line's rule. The run stops after
 * the first level that did not keep up, or after the last.
 */
public record Stairs(
    int start, int step, int levels, Duration ramp, Duration levelDuration, Pause pause)
    implements Workload {

  static Stairs read(SettingsReader in, String shape) {
    Integer start = in.intAtLeast(shape + ".start", 1);
    Integer step = in.intAtLeast(shape + ".step", 1);
    Integer levels = in.intAtLeast(shape + ".levels", 1);
    Duration ramp = in.positiveDuration(shape + ".ramp");
    Duration level = in.positiveDuration(shape + ".level-duration");
    Pause pause = Pause.read(in, shape + ".pause.min", shape + ".pause.max");
    if (pause != null
        && !in.require(
            shape + ".pause.max",
            !pause.max().isZero(),
            "must be above 0: a level's limit is its users / the mean pause")) {
      pause = null;
    }
    boolean longEnough =
        level != null && pause != null && level.compareTo(pause.max().multipliedBy(2)) >= 0;
    if (level != null && pause != null) {
      in.require(
          shape + ".level-duration",
          longEnough,
          "must be at least twice "
              + shape
              + ".pause.max ("
              + Durations.format(pause.max().multipliedBy(2))
              + "): every user of a level must loop at least twice in it before it is judged");
    }
    if (start != null && step != null && levels != null) {
      in.require(
          shape + ".levels",
          (long) start + (long) step * (levels - 1) <= 1_000_000,
          "must keep the top level (start + step × (levels − 1)) at 1,000,000 users or fewer");
    }
    return SettingsReader.allRead(start, step, levels, ramp, level, pause) && longEnough
        ? new Stairs(start, step, levels, ramp, level, pause)
        : null;
  }

  /** Users at level (0-based). */
  public int usersAt(int level) {
    return start + level * step;
  }

  @Override
  public Duration longestPause() {
    return pause.max();
  }

  @Override
  public String scenarioName() {
    return "GrafMuvi users";
  }

  @Override
  public ChainBuilder user(ChainBuilder oneRequest) {
    return pause.looping(oneRequest);
  }

  /** Waves of looping users on Gatling's open injection: each level's new users, then a hold. */
  @Override
  public PopulationBuilder inject(ScenarioBuilder users) {
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      steps.add(rampUsers(level == 0 ? start : step).during(ramp));
      if (level < levels - 1) {
        steps.add(nothingFor(levelDuration));
      }
    }
    return users.injectOpen(steps);
  }

  /** Two seconds past the plan, so that the last level's last second is whole when judged. */
  @Override
  public Duration maxDuration(Duration requestTimeout) {
    return plannedDuration().plusSeconds(2);
  }

  @Override
  public Duration plannedDuration() {
    return ramp.plus(levelDuration).multipliedBy(levels);
  }

  /** Each level: its ramp, then its judged window, both in the level's Gatling group. */
  @Override
  public List<Phase> phases() {
    List<Phase> out = new ArrayList<>();
    long period = ramp.plus(levelDuration).toSeconds();
    long settle = (ramp.plus(pause.max()).toMillis() + 999) / 1000;
    double meanPause = pause.meanSeconds();
    for (int level = 0; level < levels; level++) {
      long at = level * period;
      int users = usersAt(level);
      String name = "level " + (level + 1) + ": " + users + " users";
      out.add(new Phase(name + " (ramp)", Phase.Kind.RAMP, at, at + settle, users, 0, name));
      out.add(
          new Phase(
              name, Phase.Kind.LEVEL, at + settle, at + period, users, users / meanPause, name));
    }
    return out;
  }

  @Override
  public long connections(Duration answer) {
    return usersAt(levels - 1);
  }

  @Override
  public String connectionsKey(String profile) {
    return "grafmuvi.profiles." + profile + ".levels";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "users",
        start + " to " + usersAt(levels - 1) + " in " + levels + " levels of " + step + " more");
    out.put("ramp", Durations.format(ramp));
    out.put("level-duration", Durations.format(levelDuration));
    out.put("pause", pause.toString());
    return out;
  }

  @Override
  public boolean asserted() {
    return false;
  }

  @Override
  public boolean climbs() {
    return true;
  }

  @Override
  public boolean stopsAtFirstMiss() {
    return true;
  }
}
