package grafmuvi.loadtest.settings;

import static grafmuvi.loadtest.testing.TestSettings.withProperties;
import static org.junit.jupiter.api.Assertions.*;

import grafmuvi.config.InvalidSettingsException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTest {

  @Test
  void defaultsAreTheSeedWorkload() {
    Settings s = withProperties();
    assertEquals("load", s.profile());
    assertEquals(Target.EMBEDDED, s.target().baseUrl());
    assertEquals(
        new Looping(
            1000,
            Duration.ofSeconds(100),
            Duration.ofMinutes(5),
            new Pause(Duration.ofSeconds(5), Duration.ofSeconds(9))),
        s.workload());
    assertEquals(new Mix(1, 1, 1, 0), s.mix());
    assertEquals(new Movies("seed", "tt0068646", "The godfather", 1972), s.movies());
    assertEquals(1.0, s.thresholds().failedPercent());
  }

  @Test
  void aProfileSetsTheShapeAndTopLevelKeysOverrideIt() {
    Looping smoke = (Looping) withProperties("grafmuvi.profile", "smoke").workload();
    assertEquals(30, smoke.users());
    assertEquals(Duration.ofSeconds(15), smoke.duration());
    Looping overridden =
        (Looping)
            withProperties(
                    "grafmuvi.profile",
                    "smoke",
                    "grafmuvi.users",
                    "7",
                    "grafmuvi.duration",
                    "30m",
                    "grafmuvi.pause.max",
                    "2s")
                .workload();
    assertEquals(7, overridden.users());
    assertEquals(Duration.ofMinutes(30), overridden.duration());
    assertEquals(Duration.ofSeconds(2), overridden.pause().max());
    assertEquals(Duration.ofMillis(500), overridden.pause().min());
  }

  @Test
  void arrivalRateProfilesHaveTheirOwnShape() {
    Steps capacity =
        (Steps)
            withProperties("grafmuvi.profile", "capacity", "grafmuvi.profiles.capacity.levels", "3")
                .workload();
    assertEquals(3, capacity.levels());
    assertEquals(capacity.startRate() + 2 * capacity.step(), capacity.rateOfLevel(2));
    assertInstanceOf(Spike.class, withProperties("grafmuvi.profile", "spike").workload());
  }

  @Test
  void loopbackTargetsAreAllowedByDefaultAndOthersOnlyWhenListed() {
    for (String url :
        new String[] {
          "http://localhost:8082", "http://127.0.0.1:9", "http://127.1.2.3", "http://[::1]:8080"
        }) {
      assertEquals(url, withProperties("grafmuvi.base-url", url).target().baseUrl());
    }
    assertEquals(
        "http://127.1.2.3",
        withProperties("grafmuvi.base-url", "http://127.1.2.3/").target().baseUrl());
    Settings listed =
        withProperties(
            "grafmuvi.base-url",
            "https://api.example.org",
            "grafmuvi.allowed-hosts",
            "loopback, api.example.org");
    assertEquals(java.util.List.of("loopback", "api.example.org"), listed.target().allowedHosts());
  }

  @Test
  void theTokenIsNeverPrinted() {
    Settings s = withProperties("grafmuvi.secrets.token", "s3cr3t-t0ken");
    assertEquals(java.util.Optional.of("s3cr3t-t0ken"), s.secrets().token());
    assertFalse(s.toString().contains("s3cr3t-t0ken"), s.toString());
    assertFalse(s.describe().toString().contains("s3cr3t-t0ken"));
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.secrets.tokn", "s3cr3t-t0ken"));
    assertFalse(e.getMessage().contains("s3cr3t-t0ken"), e.getMessage());
  }

  @Test
  void aNamedTargetStandsForItsUrl() {
    assertEquals(
        "http://localhost:8082", withProperties("grafmuvi.base-url", "vm").target().baseUrl());
    assertEquals(
        "http://localhost:8083",
        withProperties("grafmuvi.base-url", "vm-standin").target().baseUrl());
  }

  @Test
  void anHttpUrlTargetsThatDeployment() {
    Settings s = withProperties("grafmuvi.base-url", "http://localhost:8082");
    assertFalse(s.target().embedded());
    assertEquals("http://localhost:8082", s.target().baseUrl());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("grafmuvi.users", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "-5", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "many", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "1.5", "must be a whole number of at least 1"),
        bad("grafmuvi.ramp", "-1s", "must be a duration of at least 0ms"),
        bad("grafmuvi.ramp", "100", "with a unit"),
        bad("grafmuvi.ramp", "10 parsecs", "with a unit"),
        bad("grafmuvi.duration", "0s", "must be a duration above 0"),
        bad("grafmuvi.duration", "-5m", "must be a duration"),
        bad("grafmuvi.ramp", "10m", "must not be longer than grafmuvi.profiles.load.duration (5m)"),
        bad(
            "grafmuvi.pause.max",
            "1s",
            "must not be shorter than grafmuvi.profiles.load.pause.min (5s)"),
        bad("grafmuvi.pause.min", "-1s", "must be a duration of at least 0ms"),
        bad("grafmuvi.base-url", "ftp://localhost:8082", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "localhost:8082", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://local host/", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://127.0.0.1:99999", "with a port from 1 to 65535"),
        bad("grafmuvi.base-url", "http://127.0.0.1:0", "with a port from 1 to 65535"),
        bad(
            "grafmuvi.base-url",
            "http://10.1.2.3:8080",
            "its host 10.1.2.3 is not in grafmuvi.allowed-hosts [loopback]; "
                + "to load-test it, allow it with -Dgrafmuvi.allowed-hosts=loopback,10.1.2.3"),
        bad("grafmuvi.base-url", "https://api.example.org", "is not in grafmuvi.allowed-hosts"),
        bad(
            "grafmuvi.base-url",
            "http://localhost.example.org:8082",
            "is not in grafmuvi.allowed-hosts"),
        bad("grafmuvi.allowed-hosts", "loopback,,x", "must be a list of names"),
        bad(
            "grafmuvi.profile",
            "heavy",
            "must be one of [capacity, load, smoke, soak, spike, users]"),
        bad("grafmuvi.assertions.failed-percent", "150", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.failed-percent", "-1", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.failed-percent", "lots", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.p95", "0ms", "must be a duration above 0"),
        bad("grafmuvi.assertions.p95", "900ms", "must not be above grafmuvi.assertions.p99"),
        bad("grafmuvi.assertions.per-request.p99", "soon", "must be a duration"),
        bad("grafmuvi.request-timeout", "0s", "must be a duration above 0"),
        bad("grafmuvi.movie.year", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.movie.title", " ", "must not be empty"),
        bad("grafmuvi.expect-recommendations", "maybe", "must be true or false"),
        bad("grafmuvi.user", "5", "unknown setting; did you mean grafmuvi.users?"),
        bad("grafmuvi.assertions.p59", "1s", "unknown setting"),
        bad("grafmuvi.mix.promote", "-1", "must be a whole number of at least 0"),
        bad("grafmuvi.injector.cpu-percent", "120", "must be a percentage from 0 to 100"),
        bad("grafmuvi.injector.sustained", "0s", "must be a duration above 0"),
        bad("grafmuvi.data", "", "must not be empty"),
        bad(
            "grafmuvi.profiles.load.model",
            "closed",
            "must be one of [looping, spike, stairs, steps]"),
        bad(
            "grafmuvi.profiles.spike.peak-rate",
            "10",
            "must be above grafmuvi.profiles.spike.base-rate",
            "grafmuvi.profile",
            "spike"),
        bad("grafmuvi.profiles.users.start", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.profiles.users.step", "-1000", "must be a whole number of at least 1"),
        bad("grafmuvi.profiles.users.levels", "0", "must be a whole number of at least 1"),
        bad(
            "grafmuvi.profiles.users.level-duration",
            "10s",
            "must be at least twice grafmuvi.profiles.users.pause.max (18s): every user of a level"
                + " must loop at least twice in it"),
        bad(
            "grafmuvi.profiles.users.levels",
            "2000",
            "must keep the top level (start + step × (levels − 1)) at 1,000,000 users or fewer"),
        bad(
            "grafmuvi.profiles.users.pause.max",
            "0s",
            "must be above 0",
            "grafmuvi.profiles.users.pause.min",
            "0s"),
        bad("grafmuvi.live.port", "70000", "must be an integer from 0 to 65535"),
        bad("grafmuvi.live.enabled", "maybe", "must be one of [auto, false, true]"),
        bad(
            "grafmuvi.live.host",
            "0.0.0.0",
            "must be a loopback address or a host in grafmuvi.allowed-hosts [loopback]"),
        bad(
            "grafmuvi.profiles.capacity.levels",
            "0",
            "must be a whole number of at least 1",
            "grafmuvi.profile",
            "capacity"));
  }

  @Test
  void looperKeysAreRefusedForAnArrivalRateProfile() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.profile", "capacity", "grafmuvi.users", "100"));
    assertTrue(e.getMessage().contains("grafmuvi.users = \"100\""), e.getMessage());
    assertTrue(e.getMessage().contains("set grafmuvi.profiles.capacity.* instead"), e.getMessage());
  }

  @Test
  void aMixWithNothingToDoIsRefused() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.mix.status",
                    "0",
                    "grafmuvi.mix.similar-by-id",
                    "0",
                    "grafmuvi.mix.similar-by-title",
                    "0"));
    assertTrue(e.getMessage().contains("at least one request chain"), e.getMessage());
  }

  /** A bad value of key, what its message must say, and other -D values it needs to be read. */
  private static Arguments bad(String key, String value, String allowed, String... others) {
    String[] props = new String[others.length + 2];
    props[0] = key;
    props[1] = value;
    System.arraycopy(others, 0, props, 2, others.length);
    return Arguments.of(key, value, allowed, props);
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @MethodSource("badValues")
  void aBadValueIsRefusedNamingKeyValueAndWhatIsAllowed(
      String key, String value, String allowed, String[] props) {
    InvalidSettingsException e =
        assertThrows(InvalidSettingsException.class, () -> withProperties(props));
    assertEquals(1, e.problems().size(), e.getMessage());
    String problem = e.problems().get(0);
    assertTrue(problem.startsWith(key + " = "), problem);
    assertTrue(problem.contains(value.isBlank() ? "\"" + value + "\"" : value), problem);
    assertTrue(problem.contains(allowed), problem);
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.users", "0", "grafmuvi.duration", "0s", "grafmuvi.profile", "smoke"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("grafmuvi.users = "));
    assertTrue(e.getMessage().contains("grafmuvi.duration = "));
  }

  @Test
  void datasetMoviesNeedTheDatasetGraphOnTheEmbeddedApi() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class, () -> withProperties("grafmuvi.data", "dataset"));
    assertTrue(
        e.getMessage()
            .contains(
                "grafmuvi.data = \"dataset\" (from system properties): asks for the dataset's"
                    + " movies, but the embedded API serves grafmuvi.api.graph = seed; add"
                    + " -Dgrafmuvi.api.graph=dataset"),
        e.getMessage());
    assertEquals(
        "dataset",
        withProperties("grafmuvi.data", "dataset", "grafmuvi.api.graph", "dataset").api().graph());
    assertEquals(
        "dataset",
        withProperties("grafmuvi.data", "dataset", "grafmuvi.base-url", "http://localhost:8082")
            .movies()
            .data());
  }

  @Test
  void theUrlsUserInfoIsSentAsCredentialsAndNeverShown() {
    Settings s = withProperties("grafmuvi.base-url", "http://admin:s3cret@127.0.0.1:9");
    assertEquals("http://127.0.0.1:9", s.target().baseUrl());
    assertEquals(java.util.Optional.of("admin:s3cret"), s.secrets().userInfo());
    assertFalse(s.describe().toString().contains("s3cret"), s.describe().toString());
    assertEquals("http://****@127.0.0.1:9", s.target().label());
    InvalidSettingsException refused =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.base-url", "http://admin:s3cret@10.9.8.7:9"));
    assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    assertTrue(refused.getMessage().contains("http://****@10.9.8.7:9"), refused.getMessage());
  }

  @Test
  void everyProfileAndTheApisKeysAreCheckedWhateverTheProfileInUse() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.profile",
                    "smoke",
                    "grafmuvi.profiles.soak.users",
                    "0",
                    "grafmuvi.api.max-depth",
                    "99"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("grafmuvi.profiles.soak.users = \"0\""), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "grafmuvi.api.max-depth = \"99\" (from system properties): must be an integer from"
                    + " 1 to 10"),
        e.getMessage());
  }
}
