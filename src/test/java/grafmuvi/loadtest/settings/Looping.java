package grafmuvi.loadtest.settings;

import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import grafmuvi.config.Durations;
import grafmuvi.config.SettingsReader;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The seed's model: users arriving evenly over the ramp, each looping (one request, a uniform
 * pause) until the duration is over. At most users / mean pause requests per second can be sent.
 */
public record Looping(int users, Duration ramp, Duration duration, Pause pause)
    implements Workload {

  /**
   * Reads a looping profile at shape; key maps a key of the profile to the key actually read (the
   * top-level overrides grafmuvi.users... for the profile in use).
   */
  static Looping read(SettingsReader in, UnaryOperator<String> key) {
    Integer users = in.intAtLeast(key.apply("users"), 1);
    Duration ramp = in.durationAtLeast(key.apply("ramp"), Duration.ZERO);
    Duration duration = in.positiveDuration(key.apply("duration"));
    Pause pause = Pause.read(in, key.apply("pause.min"), key.apply("pause.max"));
    if (ramp != null && duration != null) {
      in.require(
          key.apply("ramp"),
          ramp.compareTo(duration) <= 0,
          "must not be longer than "
              + key.apply("duration")
              + " ("
              + Durations.format(duration)
              + ")");
    }
    return SettingsReader.allRead(users, ramp, duration, pause)
        ? new Looping(users, ramp, duration, pause)
        : null;
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

  @Override
  public PopulationBuilder inject(ScenarioBuilder users) {
    return users.injectOpen(rampUsers(this.users).during(ramp));
  }

  @Override
  public Duration maxDuration(Duration requestTimeout) {
    return duration;
  }

  @Override
  public Duration plannedDuration() {
    return duration;
  }

  /** The ramp, then the steady state: from the ramp's end plus the longest pause to the end. */
  @Override
  public List<Phase> phases() {
    List<Phase> out = new ArrayList<>();
    long rampEnd = seconds(ramp);
    long end = duration.toSeconds();
    if (rampEnd > 0) {
      out.add(new Phase("ramp", Phase.Kind.RAMP, 0, Math.min(rampEnd, end), users, 0, null));
    }
    long steady = seconds(ramp.plus(pause.max()));
    if (steady < end) {
      out.add(
          new Phase(
              "steady",
              Phase.Kind.STEADY,
              steady,
              end,
              users,
              closedLoopLimit().orElse(0.0),
              null));
    }
    return out;
  }

  @Override
  public long connections(Duration answer) {
    return users;
  }

  @Override
  public String connectionsKey(String profile) {
    return "grafmuvi.users";
  }

  private static long seconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }

  /** The most requests per second these users can send: users / mean pause; empty without one. */
  public Optional<Double> closedLoopLimit() {
    double pause = this.pause.meanSeconds();
    return pause > 0 ? Optional.of(users / pause) : Optional.empty();
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("users", users);
    out.put("ramp", Durations.format(ramp));
    out.put("duration", Durations.format(duration));
    out.put("pause", pause.toString());
    return out;
  }

  @Override
  public Optional<Looping> closedLoop() {
    return Optional.of(this);
  }
}
