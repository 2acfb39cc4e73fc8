package grafmuvi.loadtest.logging;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  @AfterEach
  void nothingMasked() {
    SecretMasker.use(List.of(), List.of());
  }

  @Test
  void masksConfiguredHeaderLinesAndTheSecretsAnywhere() {
    SecretMasker.use(List.of("Authorization", "X-Api-Key"), List.of("tok-123"));
    String logged =
        "HTTP request:\nGET http://127.0.0.1:1/status\nheaders:\n\tauthorization: Bearer tok-123\n"
            + "\tx-api-key: k-456\n\taccept: application/json\nbody: echo tok-123 back";
    String masked = SecretMasker.mask(logged);
    assertFalse(masked.contains("tok-123"), masked);
    assertFalse(masked.contains("k-456"), masked);
    assertTrue(masked.contains("\tauthorization: ****"), masked);
    assertTrue(masked.contains("\taccept: application/json"), masked);
    assertTrue(masked.contains("body: echo **** back"), masked);
  }

  @Test
  void beforeTheSecretsAreHandedOverNothingIsChanged() {
    assertEquals("authorization: Bearer x", SecretMasker.mask("authorization: Bearer x"));
  }
}
