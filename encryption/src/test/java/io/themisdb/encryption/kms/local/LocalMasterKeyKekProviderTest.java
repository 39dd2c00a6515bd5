package io.themisdb.encryption.kms.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import io.themisdb.encryption.kms.KekProvider;
import io.themisdb.encryption.kms.KekProviderContractTest;
import io.themisdb.encryption.kms.KekProviderFactory;
import io.themisdb.encryption.kms.KmsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalMasterKeyKekProviderTest extends KekProviderContractTest {

  private static final byte[] DATA = "keyset".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AD = "ad".getBytes(StandardCharsets.UTF_8);

  @Override
  protected KekProvider createProvider(Path directory) {
    return KekProviderFactory.byId("local")
        .create(
            KmsSettings.of(
                Map.of(
                    LocalKekProviderFactory.MASTER_KEY_FILE,
                    directory.resolve("secrets/master.key").toString())));
  }

  private Path masterKeyFile() {
    return directory.resolve("secrets/master.key");
  }

  @Test
  void masterKeyFileIsGeneratedOnFirstUseReadableByOwnerOnly() throws Exception {
    assertThat(masterKeyFile()).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(masterKeyFile())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(masterKeyFile().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void refusesToStartWhenMasterKeyFileIsGroupReadable() throws Exception {
    provider.close();
    Files.setPosixFilePermissions(masterKeyFile(), PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> createProvider(directory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(masterKeyFile().toString())
        .hasMessageContaining("rw-r-----")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void refusesToStartWhenMasterKeyFileIsWorldReadable() throws Exception {
    provider.close();
    Files.setPosixFilePermissions(masterKeyFile(), PosixFilePermissions.fromString("rw----r--"));

    assertThatThrownBy(() -> createProvider(directory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("owner only");
  }

  @Test
  void restartReusesTheGeneratedMasterKey() throws Exception {
    String kekId = provider.primaryKekId("t");
    byte[] wrapped = provider.kek("t", kekId).encrypt(DATA, AD);
    provider.close();

    try (KekProvider reopened = createProvider(directory)) {
      assertThat(reopened.primaryKekId("t")).isEqualTo(kekId);
      assertThat(reopened.kek("t", kekId).decrypt(wrapped, AD)).isEqualTo(DATA);
    }
  }

  @Test
  void rotationMakesANewPrimaryWhileOldWrappingsStayReadable() throws Exception {
    String old = provider.primaryKekId("t");
    byte[] wrapped = provider.kek("t", old).encrypt(DATA, AD);

    String rotated = provider.rotate();

    assertThat(rotated).isNotEqualTo(old).isEqualTo(provider.primaryKekId("t"));
    assertThat(provider.kek("t", old).decrypt(wrapped, AD)).isEqualTo(DATA);
    try (KekProvider reopened = createProvider(directory)) {
      assertThat(reopened.primaryKekId("t")).isEqualTo(rotated);
    }
  }

  @Test
  void wrappingUnderOneKekIsNotReadableUnderAnother() throws Exception {
    String old = provider.primaryKekId("t");
    byte[] wrapped = provider.kek("t", old).encrypt(DATA, AD);
    Aead newer = provider.kek("t", provider.rotate());

    assertThatThrownBy(() -> newer.decrypt(wrapped, AD))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void retiredKekCanNoLongerUnwrap() throws Exception {
    String old = provider.primaryKekId("t");
    provider.rotate();

    provider.retire(old);

    assertThatThrownBy(() -> provider.kek("t", old))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("retired");
    assertThat(((LocalMasterKeyKekProvider) provider).kekIds()).doesNotContain(old);
  }

  @Test
  void primaryKekCannotBeRetired() {
    String primary = provider.primaryKekId("t");

    assertThatThrownBy(() -> provider.retire(primary))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("primary");
  }

  @Test
  void toStringNamesTheFileButNoKeyMaterial() throws Exception {
    byte[] master = Files.readAllBytes(masterKeyFile());

    assertThat(provider.toString())
        .contains("master.key")
        .doesNotContain(new String(master, StandardCharsets.ISO_8859_1));
  }
}
