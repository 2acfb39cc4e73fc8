package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValueType;
import grafmuvi.loadtest.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md documents every setting and its environment variable, so it stays true. */
class ReadmeTest {

  private static final Path README = Path.of("README.md");

  @Test
  void everySettingIsDocumented() throws IOException {
    String readme = Files.readString(README);
    List<String> missing = new ArrayList<>();
    collect(Settings.reference().resolve().root(), "", missing, readme);
    assertEquals(List.of(), missing, "settings missing from README.md");
  }

  @Test
  void everyEnvironmentVariableIsDocumented() throws IOException {
    String readme = Files.readString(README);
    List<String> missing = new ArrayList<>();
    for (String conf :
        List.of("src/test/resources/grafmuvi.conf", "src/main/resources/grafmuvi-api.conf")) {
      Matcher m = Pattern.compile("\\$\\{\\?(\\w+)}").matcher(Files.readString(Path.of(conf)));
      while (m.find()) {
        if (!readme.contains("`" + m.group(1) + "`")) {
          missing.add(m.group(1));
        }
      }
    }
    assertEquals(List.of(), missing, "environment variables missing from README.md");
  }

  /** Leaf keys, except each profile's shape: README documents those per profile. */
  private static void collect(
      ConfigObject object, String prefix, List<String> missing, String readme) {
    object.forEach(
        (name, value) -> {
          String path = prefix + name;
          if (path.startsWith("grafmuvi.profiles.")) {
            if (!readme.contains("`" + name + "`")) {
              missing.add(path);
            }
          } else if (value.valueType() == ConfigValueType.OBJECT) {
            collect((ConfigObject) value, path + ".", missing, readme);
          } else if (!readme.contains("`" + path + "`")) {
            missing.add(path);
          }
        });
  }
}
