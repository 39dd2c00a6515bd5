package io.themisdb.encryption.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantKeyringTest {

  private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

  private static Aead newKek() throws Exception {
    return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  @Test
  void newKeyringHasOnePrimaryVersion() {
    TenantKeyring keyring = TenantKeyring.generate("acme", T0);

    assertThat(keyring.versions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.version()).isEqualTo(1);
              assertThat(v.status()).isEqualTo(KeyVersionStatus.PRIMARY);
              assertThat(v.createdAt()).isEqualTo(T0);
            });
  }

  @Test
  void rotationAddsPrimaryAndKeepsOldVersionEnabled() {
    TenantKeyring rotated = TenantKeyring.generate("acme", T0).rotate(T0.plusSeconds(60));

    assertThat(rotated.versions())
        .extracting(KeyVersion::version, KeyVersion::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, KeyVersionStatus.ENABLED),
            org.assertj.core.groups.Tuple.tuple(2, KeyVersionStatus.PRIMARY));
    assertThat(rotated.primary().createdAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(rotated.primary().randomizedKeyId())
        .isNotEqualTo(rotated.version(1).orElseThrow().randomizedKeyId());
  }

  @Test
  void primaryVersionCannotBeDisabledOrDestroyed() {
    TenantKeyring keyring = TenantKeyring.generate("acme", T0).rotate(T0);

    assertThatThrownBy(() -> keyring.disable(2, T0))
        .isInstanceOf(KeyVersionTransitionException.class)
        .hasMessageContaining("PRIMARY");
    assertThatThrownBy(() -> keyring.destroy(2, T0))
        .isInstanceOf(KeyVersionTransitionException.class);
  }

  @Test
  void enabledVersionMustBeDisabledBeforeItIsDestroyed() {
    TenantKeyring keyring = TenantKeyring.generate("acme", T0).rotate(T0);

    assertThatThrownBy(() -> keyring.destroy(1, T0))
        .isInstanceOf(KeyVersionTransitionException.class)
        .hasMessageContaining("disable it first");

    TenantKeyring destroyed = keyring.disable(1, T0).destroy(1, T0.plusSeconds(5));
    assertThat(destroyed.version(1).orElseThrow().status()).isEqualTo(KeyVersionStatus.DESTROYED);
    assertThat(destroyed.version(1).orElseThrow().statusSince()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void sealedKeyringUnsealsToTheSameVersionsAndKeys() throws Exception {
    Aead kek = newKek();
    TenantKeyring keyring = TenantKeyring.generate("acme", T0).rotate(T0).disable(1, T0);

    SealedKeyring sealed = SealedKeyring.fromBytes("acme", keyring.seal("kek-1", kek).toBytes());
    TenantKeyring unsealed = TenantKeyring.unseal(sealed, kek);

    assertThat(unsealed.versions()).isEqualTo(keyring.versions());
    byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
    byte[] ciphertext = keyring.randomized(keyring.primary()).encrypt(new byte[] {1, 2, 3}, ad);
    assertThat(unsealed.randomized(unsealed.primary()).decrypt(ciphertext, ad))
        .containsExactly(1, 2, 3);
  }

  @Test
  void sealedKeyringCopiedToAnotherTenantDoesNotUnseal() throws Exception {
    Aead kek = newKek();
    SealedKeyring sealed = TenantKeyring.generate("acme", T0).seal("kek-1", kek);

    SealedKeyring copied = SealedKeyring.fromBytes("globex", sealed.toBytes());

    assertThatThrownBy(() -> TenantKeyring.unseal(copied, kek))
        .isInstanceOf(KeyringUnreadableException.class)
        .hasMessageContaining("globex");
  }

  @Test
  void alteredVersionMetadataMakesTheKeyringUnreadable() throws Exception {
    Aead kek = newKek();
    TenantKeyring keyring = TenantKeyring.generate("acme", T0).rotate(T0).disable(1, T0);
    SealedKeyring sealed = keyring.seal("kek-1", kek);
    // Try to re-enable version 1 by editing the clear metadata instead of calling enable().
    byte[] metadata =
        KeyVersionCodec.encode(
            List.of(
                keyring.version(1).orElseThrow().withStatus(KeyVersionStatus.ENABLED, T0),
                keyring.primary()));
    SealedKeyring altered =
        new SealedKeyring(
            "acme", "kek-1", metadata, sealed.randomizedKeyset(), sealed.deterministicKeyset());

    assertThatThrownBy(() -> TenantKeyring.unseal(altered, kek))
        .isInstanceOf(KeyringUnreadableException.class);
  }

  @Test
  void keyringUnderAnotherKekDoesNotUnseal() throws Exception {
    SealedKeyring sealed = TenantKeyring.generate("acme", T0).seal("kek-1", newKek());

    assertThatThrownBy(() -> TenantKeyring.unseal(sealed, newKek()))
        .isInstanceOf(KeyringUnreadableException.class)
        .hasMessageContaining("kek-1");
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    TenantKeyring keyring = TenantKeyring.generate("acme", T0);
    SealedKeyring sealed = keyring.seal("kek-1", newKek());

    for (String text : List.of(keyring.toString(), sealed.toString())) {
      for (byte[] secret : KeyMaterial.secrets(keyring)) {
        assertThat(text)
            .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
            .doesNotContain(java.util.Base64.getEncoder().encodeToString(secret))
            .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(keyring.toString()).contains("acme");
  }
}
