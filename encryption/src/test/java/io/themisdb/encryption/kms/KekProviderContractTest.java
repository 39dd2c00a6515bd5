package io.themisdb.encryption.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link KekProvider} must do; each implementation's test extends this class. */
public abstract class KekProviderContractTest {

  private static final byte[] KEYSET = "wrapped keyset stand-in".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONTEXT = "tenant-a".getBytes(StandardCharsets.UTF_8);

  @TempDir protected Path directory;
  protected KekProvider provider;

  /** A fresh provider keeping its state under {@code directory}. */
  protected abstract KekProvider createProvider(Path directory);

  @BeforeEach
  void createProvider() {
    provider = createProvider(directory);
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void primaryKekWrapsAndUnwraps() throws GeneralSecurityException {
    String kekId = provider.primaryKekId("tenant-a");
    Aead kek = provider.kek("tenant-a", kekId);

    byte[] wrapped = kek.encrypt(KEYSET, CONTEXT);

    assertThat(wrapped).isNotEqualTo(KEYSET);
    assertThat(provider.kek("tenant-a", kekId).decrypt(wrapped, CONTEXT)).isEqualTo(KEYSET);
  }

  @Test
  void primaryKekIdIsStableWithoutRotation() {
    assertThat(provider.primaryKekId("tenant-a")).isEqualTo(provider.primaryKekId("tenant-a"));
  }

  @Test
  void unknownKekIdFailsWithSecurityException() {
    assertThatThrownBy(() -> provider.kek("tenant-a", "no-such-kek"))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void closeIsIdempotent() {
    provider.close();
    provider.close();
  }
}
