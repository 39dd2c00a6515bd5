package io.themisdb.encryption.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A tenant's decrypted keys: an AES256_GCM keyset for randomized fields and an AES256_SIV keyset
 * for deterministic fields, rotated together so that one {@link KeyVersion} names a key in each.
 * Immutable: every change returns a new keyring, which the caller seals and stores before it
 * replaces the cached one. Never serialized except through {@link #seal}.
 */
public final class TenantKeyring {

  private static final Parameters RANDOMIZED = PredefinedAeadParameters.AES256_GCM;
  private static final Parameters DETERMINISTIC = PredefinedDeterministicAeadParameters.AES256_SIV;

  static {
    try {
      AeadConfig.register();
      DeterministicAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String tenant;
  private final List<KeyVersion> versions;
  private final KeyVersion primary;
  private final KeysetHandle randomizedKeyset;
  private final KeysetHandle deterministicKeyset;
  // Per version number, only versions that decrypt. Tink's full primitives of single keys: the
  // header already names the key, so the keyset wrapper's prefix lookup per call is skipped.
  private final Map<Integer, Aead> randomizedByVersion;
  private final Map<Integer, DeterministicAead> deterministicByVersion;

  private TenantKeyring(
      String tenant,
      List<KeyVersion> versions,
      KeysetHandle randomizedKeyset,
      KeysetHandle deterministicKeyset)
      throws GeneralSecurityException {
    this.tenant = tenant;
    this.versions = List.copyOf(versions);
    this.primary = findPrimary(this.versions);
    this.randomizedKeyset = randomizedKeyset;
    this.deterministicKeyset = deterministicKeyset;
    Map<Integer, Key> randomizedKeys = enabledKeys(randomizedKeyset);
    Map<Integer, Key> deterministicKeys = enabledKeys(deterministicKeyset);
    Map<Integer, Aead> randomizedPrimitives = new HashMap<>();
    Map<Integer, DeterministicAead> deterministicPrimitives = new HashMap<>();
    for (KeyVersion v : this.versions) {
      // Missing keys make an inconsistent keyring, which requireConsistent refuses.
      if (v.decrypts() && randomizedKeys.get(v.randomizedKeyId()) instanceof AesGcmKey k) {
        randomizedPrimitives.put(v.version(), AesGcmJce.create(k));
      }
      if (v.decrypts() && deterministicKeys.get(v.deterministicKeyId()) instanceof AesSivKey k) {
        deterministicPrimitives.put(v.version(), AesSivCipher.create(k));
      }
    }
    this.randomizedByVersion = Map.copyOf(randomizedPrimitives);
    this.deterministicByVersion = Map.copyOf(deterministicPrimitives);
  }

  /** Fresh keys for a tenant: version 1, primary. */
  public static TenantKeyring generate(String tenant, Instant now) {
    try {
      KeysetHandle randomized = KeysetHandle.generateNew(RANDOMIZED);
      KeysetHandle deterministic = KeysetHandle.generateNew(DETERMINISTIC);
      Instant at = now.truncatedTo(ChronoUnit.MILLIS);
      KeyVersion first =
          new KeyVersion(
              1,
              KeyVersionStatus.PRIMARY,
              at,
              at,
              randomized.getPrimary().getId(),
              deterministic.getPrimary().getId());
      return new TenantKeyring(tenant, List.of(first), randomized, deterministic);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate keys for tenant " + tenant, e);
    }
  }

  public String tenant() {
    return tenant;
  }

  /** All versions, oldest first, destroyed ones included. */
  public List<KeyVersion> versions() {
    return versions;
  }

  public KeyVersion primary() {
    if (primary == null) {
      throw new NoSuchElementException("Tenant " + tenant + " has no primary key version");
    }
    return primary;
  }

  public Optional<KeyVersion> version(int version) {
    return versions.stream().filter(v -> v.version() == version).findFirst();
  }

  // Loops, not streams: every decryption asks one of these two (issue #6).
  public Optional<KeyVersion> versionOfRandomizedKeyId(int keyId) {
    for (KeyVersion v : versions) {
      if (v.randomizedKeyId() == keyId) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  public Optional<KeyVersion> versionOfDeterministicKeyId(int keyId) {
    for (KeyVersion v : versions) {
      if (v.deterministicKeyId() == keyId) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * The randomized cipher of one version (its output starts with Tink's prefix of the version's
   * key); null unless the version decrypts.
   */
  public Aead randomized(KeyVersion version) {
    return randomizedByVersion.get(version.version());
  }

  /** The deterministic cipher of one version; null unless the version decrypts. */
  public DeterministicAead deterministic(KeyVersion version) {
    return deterministicByVersion.get(version.version());
  }

  /**
   * One primitive per version that decrypts, primary first: equality probes are encrypted under
   * each so that lookups still match values not yet re-encrypted after a rotation.
   */
  public List<DeterministicAead> deterministicPerVersion() {
    List<DeterministicAead> primitives = new ArrayList<>();
    primitives.add(deterministic(primary()));
    for (KeyVersion version : versions.reversed()) {
      if (version.status() == KeyVersionStatus.ENABLED) {
        primitives.add(deterministic(version));
      }
    }
    return primitives;
  }

  /** Adds a version that becomes primary at once; the old primary stays enabled. */
  public TenantKeyring rotate(Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    try {
      KeysetHandle nextRandomized = withNewPrimary(randomizedKeyset, RANDOMIZED);
      KeysetHandle nextDeterministic = withNewPrimary(deterministicKeyset, DETERMINISTIC);
      List<KeyVersion> next = new ArrayList<>();
      for (KeyVersion version : versions) {
        next.add(
            version.status() == KeyVersionStatus.PRIMARY
                ? version.withStatus(KeyVersionStatus.ENABLED, at)
                : version);
      }
      next.add(
          new KeyVersion(
              versions.getLast().version() + 1,
              KeyVersionStatus.PRIMARY,
              at,
              at,
              nextRandomized.getPrimary().getId(),
              nextDeterministic.getPrimary().getId()));
      return new TenantKeyring(tenant, next, nextRandomized, nextDeterministic);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot rotate keys of tenant " + tenant, e);
    }
  }

  /** Stops a non-primary version from decrypting; reversible with {@link #enable}. */
  public TenantKeyring disable(int version, Instant now) {
    KeyVersion target = require(version);
    if (target.status() != KeyVersionStatus.ENABLED) {
      throw refused(target, "disable", "only an enabled, non-primary version can be disabled");
    }
    return changeStatus(target, KeyVersionStatus.DISABLED, KeyStatus.DISABLED, now);
  }

  public TenantKeyring enable(int version, Instant now) {
    KeyVersion target = require(version);
    if (target.status() != KeyVersionStatus.DISABLED) {
      throw refused(target, "enable", "only a disabled version can be enabled");
    }
    return changeStatus(target, KeyVersionStatus.ENABLED, KeyStatus.ENABLED, now);
  }

  /**
   * Deletes the key material of a disabled version. Requiring the disable step first gives
   * operators a reversible stage in which a forgotten ciphertext shows up as an error.
   */
  public TenantKeyring destroy(int version, Instant now) {
    KeyVersion target = require(version);
    if (target.status() != KeyVersionStatus.DISABLED) {
      throw refused(target, "destroy", "disable it first; only a disabled version is destroyed");
    }
    try {
      return new TenantKeyring(
          tenant,
          replace(target, target.withStatus(KeyVersionStatus.DESTROYED, at(now))),
          without(randomizedKeyset, target.randomizedKeyId()),
          without(deterministicKeyset, target.deterministicKeyId()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot destroy version " + version + " of " + tenant, e);
    }
  }

  /** Encrypts both keysets under {@code kek}; the only way keys are persisted. */
  public SealedKeyring seal(String kekId, Aead kek) {
    byte[] metadata = KeyVersionCodec.encode(versions);
    try {
      return new SealedKeyring(
          tenant,
          kekId,
          metadata,
          TinkProtoKeysetFormat.serializeEncryptedKeyset(
              randomizedKeyset, kek, associatedData(tenant, "randomized", metadata)),
          TinkProtoKeysetFormat.serializeEncryptedKeyset(
              deterministicKeyset, kek, associatedData(tenant, "deterministic", metadata)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot seal the keyring of tenant " + tenant, e);
    }
  }

  /**
   * Decrypts a sealed keyring.
   *
   * @throws KeyringUnreadableException if the KEK does not open it, it belongs to another tenant,
   *     or its metadata was altered
   */
  public static TenantKeyring unseal(SealedKeyring sealed, Aead kek) {
    String tenant = sealed.tenant();
    byte[] metadata = sealed.metadata();
    try {
      KeysetHandle randomized =
          TinkProtoKeysetFormat.parseEncryptedKeyset(
              sealed.randomizedKeyset(), kek, associatedData(tenant, "randomized", metadata));
      KeysetHandle deterministic =
          TinkProtoKeysetFormat.parseEncryptedKeyset(
              sealed.deterministicKeyset(), kek, associatedData(tenant, "deterministic", metadata));
      List<KeyVersion> versions = KeyVersionCodec.decode(metadata);
      TenantKeyring keyring = new TenantKeyring(tenant, versions, randomized, deterministic);
      keyring.requireConsistent();
      return keyring;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyringUnreadableException(
          "The keyring of tenant "
              + tenant
              + " cannot be unwrapped with KEK "
              + sealed.kekId()
              + ": wrong or retired KEK, or the stored keyring was altered or copied",
          e);
    }
  }

  @Override
  public String toString() {
    // Key material stays out of logs; versions and ids are not secret.
    return "TenantKeyring[tenant=" + tenant + ", versions=" + versions + "]";
  }

  KeysetHandle randomizedKeyset() {
    return randomizedKeyset;
  }

  KeysetHandle deterministicKeyset() {
    return deterministicKeyset;
  }

  /** Metadata and keysets are stored apart; refuse a keyring whose two halves disagree. */
  private void requireConsistent() throws GeneralSecurityException {
    boolean consistent =
        versions.stream().filter(v -> v.status() == KeyVersionStatus.PRIMARY).count() == 1
            && randomizedKeyset.getPrimary().getId() == primary().randomizedKeyId()
            && deterministicKeyset.getPrimary().getId() == primary().deterministicKeyId()
            && versions.stream()
                .allMatch(
                    v ->
                        matches(randomizedKeyset, v.randomizedKeyId(), v.status())
                            && matches(deterministicKeyset, v.deterministicKeyId(), v.status()))
            && versions.stream().filter(v -> v.status() != KeyVersionStatus.DESTROYED).count()
                == randomizedKeyset.size()
            && randomizedKeyset.size() == deterministicKeyset.size();
    if (!consistent) {
      throw new GeneralSecurityException("Key version metadata does not match the keysets");
    }
  }

  private static boolean matches(KeysetHandle keyset, int keyId, KeyVersionStatus status) {
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      if (entry.getId() == keyId) {
        KeyStatus expected =
            status == KeyVersionStatus.DISABLED ? KeyStatus.DISABLED : KeyStatus.ENABLED;
        return status != KeyVersionStatus.DESTROYED && entry.getStatus().equals(expected);
      }
    }
    return status == KeyVersionStatus.DESTROYED;
  }

  private TenantKeyring changeStatus(
      KeyVersion target, KeyVersionStatus next, KeyStatus tinkStatus, Instant now) {
    try {
      return new TenantKeyring(
          tenant,
          replace(target, target.withStatus(next, at(now))),
          withStatus(randomizedKeyset, target.randomizedKeyId(), tinkStatus),
          withStatus(deterministicKeyset, target.deterministicKeyId(), tinkStatus));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot change version " + target.version(), e);
    }
  }

  private KeyVersion require(int version) {
    return version(version)
        .orElseThrow(
            () ->
                new KeyVersionTransitionException(
                    "Tenant " + tenant + " has no key version " + version));
  }

  private KeyVersionTransitionException refused(KeyVersion target, String action, String why) {
    return new KeyVersionTransitionException(
        "Cannot "
            + action
            + " key version "
            + target.version()
            + " of tenant "
            + tenant
            + ", which is "
            + target.status()
            + ": "
            + why);
  }

  private List<KeyVersion> replace(KeyVersion old, KeyVersion updated) {
    return versions.stream().map(v -> v.version() == old.version() ? updated : v).toList();
  }

  private static Instant at(Instant now) {
    return now.truncatedTo(ChronoUnit.MILLIS);
  }

  private static KeysetHandle withNewPrimary(KeysetHandle keyset, Parameters parameters)
      throws GeneralSecurityException {
    return KeysetHandle.newBuilder(keyset)
        .addEntry(KeysetHandle.generateEntryFromParameters(parameters).withRandomId().makePrimary())
        .build();
  }

  private static KeysetHandle withStatus(KeysetHandle keyset, int keyId, KeyStatus status)
      throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    builder.getAt(indexOf(keyset, keyId)).setStatus(status);
    return builder.build();
  }

  private static KeysetHandle without(KeysetHandle keyset, int keyId)
      throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    builder.deleteAt(indexOf(keyset, keyId));
    return builder.build();
  }

  private static int indexOf(KeysetHandle keyset, int keyId) throws GeneralSecurityException {
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == keyId) {
        return i;
      }
    }
    throw new GeneralSecurityException("No key " + Integer.toUnsignedString(keyId) + " in keyset");
  }

  /** The primary version; null (refused by {@link #requireConsistent}) if there is none. */
  private static KeyVersion findPrimary(List<KeyVersion> versions) {
    for (KeyVersion v : versions) {
      if (v.status() == KeyVersionStatus.PRIMARY) {
        return v;
      }
    }
    return null;
  }

  private static Map<Integer, Key> enabledKeys(KeysetHandle keyset) {
    Map<Integer, Key> keys = new HashMap<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      if (entry.getStatus().equals(KeyStatus.ENABLED)) {
        keys.put(entry.getId(), entry.getKey());
      }
    }
    return keys;
  }

  private static byte[] associatedData(String tenant, String kind, byte[] metadata) {
    byte[] prefix =
        ("themisdb.keyring.v1\0" + tenant + "\0" + kind + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] associatedData = new byte[prefix.length + metadata.length];
    System.arraycopy(prefix, 0, associatedData, 0, prefix.length);
    System.arraycopy(metadata, 0, associatedData, prefix.length, metadata.length);
    return associatedData;
  }
}
