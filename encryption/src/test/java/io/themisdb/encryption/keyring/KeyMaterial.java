package io.themisdb.encryption.keyring;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.daead.AesSivKey;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** Test-only view of a keyring's raw key bytes, for canary scans. */
public final class KeyMaterial {

  private KeyMaterial() {}

  /** Raw bytes of every key, and both keysets in cleartext Tink form. */
  public static List<byte[]> secrets(TenantKeyring keyring) throws GeneralSecurityException {
    List<byte[]> secrets = new ArrayList<>();
    for (KeysetHandle keyset : List.of(keyring.randomizedKeyset(), keyring.deterministicKeyset())) {
      for (int i = 0; i < keyset.size(); i++) {
        switch (keyset.getAt(i).getKey()) {
          case AesGcmKey key ->
              secrets.add(key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
          case AesSivKey key ->
              secrets.add(key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
          default -> throw new AssertionError("unexpected key type");
        }
      }
      secrets.add(TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
    }
    return secrets;
  }
}
