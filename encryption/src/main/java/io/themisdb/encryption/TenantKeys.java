package io.themisdb.encryption;

import com.google.crypto.tink.Aead;
import io.themisdb.encryption.field.CiphertextMismatchException;
import io.themisdb.encryption.field.FieldBinding;
import io.themisdb.encryption.field.FieldCipher;
import io.themisdb.encryption.field.KeyVersionUnavailableException;
import io.themisdb.encryption.keyring.FileKeysetStore;
import io.themisdb.encryption.keyring.KeyVersion;
import io.themisdb.encryption.keyring.KeyVersionTransitionException;
import io.themisdb.encryption.keyring.KeyringCache;
import io.themisdb.encryption.keyring.KeyringUnreadableException;
import io.themisdb.encryption.keyring.KeysetStore;
import io.themisdb.encryption.keyring.SealedKeyring;
import io.themisdb.encryption.keyring.TenantKeyring;
import io.themisdb.encryption.keyring.TenantKeysNotFoundException;
import io.themisdb.encryption.keyring.TenantKeysShreddedException;
import io.themisdb.encryption.kms.KekProvider;
import io.themisdb.encryption.kms.KekProviderFactory;
import io.themisdb.encryption.kms.KmsSettings;
import io.themisdb.encryption.rotation.FieldReencryptor;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The module's front door: per-tenant keys, field encryption, rotation and crypto-shredding.
 *
 * <p>Each tenant has a keyring of two Tink keysets (AES256_GCM for randomized fields, AES256_SIV
 * for deterministic ones) that exists at rest only wrapped by a KEK from the {@link KekProvider}.
 * Decrypted keyrings are cached (bounded, LRU) and evicted whenever the stored keyring changes.
 *
 * <p>Thread-safe. Operations that change a tenant's keys are serialized per tenant; encryption and
 * decryption run concurrently against the cached keyring. Every failure this class raises on
 * purpose is a {@link io.themisdb.encryption.keyring.TenantKeysException} subtype; I/O failures of
 * the store are {@link java.io.UncheckedIOException}.
 */
public final class TenantKeys implements FieldReencryptor, AutoCloseable {

  private static final int LOCK_STRIPES = 64;

  private final KekProvider kekProvider;
  private final boolean ownsKekProvider;
  private final KeysetStore store;
  private final KeyringCache cache;
  private final Clock clock;
  private final Object[] locks = new Object[LOCK_STRIPES];

  private TenantKeys(
      KekProvider kekProvider,
      boolean ownsKekProvider,
      KeysetStore store,
      int cacheCapacity,
      Clock clock) {
    this.kekProvider = kekProvider;
    this.ownsKekProvider = ownsKekProvider;
    this.store = store;
    this.cache = new KeyringCache(cacheCapacity);
    this.clock = clock;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Starts with the configured KMS provider and a file keyset store; {@link #close()} closes the
   * provider.
   *
   * @throws IllegalArgumentException if no KMS provider has the configured id
   */
  public static TenantKeys open(TenantKeysSettings settings) {
    KekProvider provider =
        KekProviderFactory.byId(settings.kmsProvider()).create(KmsSettings.of(settings.kms()));
    return new TenantKeys(
        provider,
        true,
        new FileKeysetStore(settings.keyStoreDirectory()),
        settings.cacheCapacity(),
        Clock.systemUTC());
  }

  /** Uses a provider and store the caller owns (for example a database-backed store). */
  public static TenantKeys using(
      KekProvider kekProvider, KeysetStore store, int cacheCapacity, Clock clock) {
    return new TenantKeys(kekProvider, false, store, cacheCapacity, clock);
  }

  // ---- Tenant lifecycle -------------------------------------------------------------------

  /**
   * Creates the tenant's keys if it has none; returns its key versions either way.
   *
   * @throws TenantKeysShreddedException if the tenant was shredded: new keys for a shredded tenant
   *     need {@link #reprovisionShredded}, so that a stray call cannot undo a deletion
   */
  public List<KeyVersion> provision(String tenant) {
    synchronized (lock(tenant)) {
      Optional<SealedKeyring> existing = store.load(tenant);
      if (existing.isPresent()) {
        return unseal(existing.get()).versions();
      }
      Optional<Instant> shredded = store.shreddedAt(tenant);
      if (shredded.isPresent()) {
        throw new TenantKeysShreddedException(tenant, shredded.get());
      }
      TenantKeyring keyring = TenantKeyring.generate(tenant, clock.instant());
      store.save(seal(keyring));
      return keyring.versions();
    }
  }

  /** Gives a shredded tenant new keys. Data encrypted under the shredded keys stays unreadable. */
  public List<KeyVersion> reprovisionShredded(String tenant) {
    synchronized (lock(tenant)) {
      store.clearShredded(tenant);
      return provision(tenant);
    }
  }

  /**
   * Crypto-shredding: destroys the tenant's keys (tombstone first, then the sealed keyring, then
   * the cache entry). Afterwards every encrypt or decrypt for the tenant fails with {@link
   * TenantKeysShreddedException}. Idempotent. Copies of the key store made earlier stay decryptable
   * by the KEK that wrapped them; rotate and retire the KEK to shred those too.
   */
  public void shred(String tenant) {
    synchronized (lock(tenant)) {
      store.shred(tenant, store.shreddedAt(tenant).orElseGet(clock::instant));
      cache.evict(tenant);
    }
  }

  /** Whether the tenant has usable keys now. */
  public boolean hasKeys(String tenant) {
    return cache.contains(tenant) || store.load(tenant).isPresent();
  }

  /** When the tenant was shredded, empty if it was not. */
  public Optional<Instant> shreddedAt(String tenant) {
    return store.shreddedAt(tenant);
  }

  /**
   * Drops the tenant's decrypted keyring from memory, for example when its engine moves to another
   * node (whose rotations this node would not see).
   */
  public void evict(String tenant) {
    cache.evict(tenant);
  }

  // ---- Field encryption -------------------------------------------------------------------

  /** Randomized encryption (AES256_GCM) bound to tenant, collection, attribute and document. */
  public byte[] encryptRandomized(
      String tenant,
      String collection,
      String attributePath,
      String documentKey,
      byte[] plaintext) {
    return encrypt(
        new FieldBinding.Randomized(tenant, collection, attributePath, documentKey), plaintext);
  }

  /**
   * @throws CiphertextMismatchException if the value was produced for another binding or altered
   * @throws KeyVersionUnavailableException if its key version is disabled or destroyed
   * @throws TenantKeysShreddedException if the tenant's keys were shredded
   */
  public byte[] decryptRandomized(
      String tenant,
      String collection,
      String attributePath,
      String documentKey,
      byte[] ciphertext) {
    return decrypt(
        new FieldBinding.Randomized(tenant, collection, attributePath, documentKey), ciphertext);
  }

  /**
   * Deterministic encryption (AES256_SIV) bound to tenant, collection and attribute: equal
   * plaintexts in the same field give equal ciphertexts under the same key version.
   */
  public byte[] encryptDeterministic(
      String tenant, String collection, String attributePath, byte[] plaintext) {
    return encrypt(new FieldBinding.Deterministic(tenant, collection, attributePath), plaintext);
  }

  /** Same failures as {@link #decryptRandomized}. */
  public byte[] decryptDeterministic(
      String tenant, String collection, String attributePath, byte[] ciphertext) {
    return decrypt(new FieldBinding.Deterministic(tenant, collection, attributePath), ciphertext);
  }

  /**
   * Ciphertexts to look up for {@code FILTER d.f == @v} on a deterministic field: one per key
   * version that decrypts, primary first, so values not yet re-encrypted after a rotation match.
   */
  public List<byte[]> deterministicProbes(
      String tenant, String collection, String attributePath, byte[] plaintext) {
    FieldBinding.Deterministic binding =
        new FieldBinding.Deterministic(tenant, collection, attributePath);
    return cipher(tenant).probes(binding, plaintext);
  }

  public byte[] encrypt(FieldBinding binding, byte[] plaintext) {
    return cipher(binding.tenant()).encrypt(binding, plaintext);
  }

  public byte[] decrypt(FieldBinding binding, byte[] ciphertext) {
    return cipher(binding.tenant()).decrypt(binding, ciphertext);
  }

  @Override
  public boolean isUnderPrimary(FieldBinding binding, byte[] ciphertext) {
    return cipher(binding.tenant()).isUnderPrimary(binding, ciphertext);
  }

  @Override
  public byte[] reencrypt(FieldBinding binding, byte[] ciphertext) {
    FieldCipher cipher = cipher(binding.tenant());
    return cipher.encrypt(binding, cipher.decrypt(binding, ciphertext));
  }

  /** The key version a stored value was encrypted under. */
  public KeyVersion keyVersionOf(FieldBinding binding, byte[] ciphertext) {
    return cipher(binding.tenant()).versionOf(binding, ciphertext);
  }

  // ---- Key versions -----------------------------------------------------------------------

  /** Adds a key version that is primary at once (new writes use it); returns it. */
  public KeyVersion rotate(String tenant) {
    return change(tenant, keyring -> keyring.rotate(clock.instant())).primary();
  }

  /** All versions, oldest first, with status and creation time. */
  public List<KeyVersion> keyVersions(String tenant) {
    return keyring(tenant).versions();
  }

  /**
   * Stops a non-primary version from decrypting; reversible.
   *
   * @throws KeyVersionTransitionException for the primary or a version that is not enabled
   */
  public KeyVersion disable(String tenant, int version) {
    return change(tenant, keyring -> keyring.disable(version, clock.instant()))
        .version(version)
        .orElseThrow();
  }

  public KeyVersion enable(String tenant, int version) {
    return change(tenant, keyring -> keyring.enable(version, clock.instant()))
        .version(version)
        .orElseThrow();
  }

  /**
   * Deletes a disabled version's key material for good.
   *
   * @throws KeyVersionTransitionException unless the version is disabled
   */
  public KeyVersion destroy(String tenant, int version) {
    return change(tenant, keyring -> keyring.destroy(version, clock.instant()))
        .version(version)
        .orElseThrow();
  }

  // ---- Key-encryption keys ----------------------------------------------------------------

  /** Makes a new KEK primary and re-wraps every tenant's keyring under it; data is untouched. */
  public KekRotation rotateKek() {
    kekProvider.rotate();
    return rewrapAll();
  }

  /**
   * Re-wraps every keyring that is not under its tenant's primary KEK. Idempotent, so it resumes
   * after a crash by being called again.
   */
  public KekRotation rewrapAll() {
    Set<String> replaced = new HashSet<>();
    int rewrapped = 0;
    String primary = null;
    for (String tenant : store.tenants()) {
      synchronized (lock(tenant)) {
        Optional<SealedKeyring> sealed = store.load(tenant);
        primary = kekProvider.primaryKekId(tenant);
        if (sealed.isPresent() && !sealed.get().kekId().equals(primary)) {
          store.save(seal(unseal(sealed.get())));
          replaced.add(sealed.get().kekId());
          rewrapped++;
        }
      }
    }
    return new KekRotation(
        replaced, primary == null ? kekProvider.primaryKekId(null) : primary, rewrapped);
  }

  /**
   * Retires a KEK once no keyring is wrapped under it; old copies of the key store become
   * unreadable with it.
   *
   * @throws KeyVersionTransitionException if a tenant's keyring is still wrapped under it
   */
  public void retireKek(String kekId) {
    List<String> stillWrapped =
        store.tenants().stream()
            .filter(t -> store.load(t).map(s -> s.kekId().equals(kekId)).orElse(false))
            .toList();
    if (!stillWrapped.isEmpty()) {
      throw new KeyVersionTransitionException(
          "KEK "
              + kekId
              + " still wraps the keys of "
              + stillWrapped.size()
              + " tenant(s); re-wrap them first");
    }
    kekProvider.retire(kekId);
  }

  @Override
  public void close() {
    cache.clear();
    if (ownsKekProvider) {
      kekProvider.close();
    }
  }

  @Override
  public String toString() {
    return "TenantKeys[" + store + ", " + kekProvider + ", " + cache + "]";
  }

  // ---- Internals --------------------------------------------------------------------------

  /** The tenant's decrypted keyring, from the cache or the store. */
  TenantKeyring keyring(String tenant) {
    Optional<TenantKeyring> cached = cache.get(tenant);
    if (cached.isPresent()) {
      return cached.get();
    }
    synchronized (lock(tenant)) {
      // A load under the lock cannot race a change, so a stale keyring never enters the cache.
      return cache.get(tenant).orElseGet(() -> load(tenant));
    }
  }

  KeyringCache cache() {
    return cache;
  }

  private TenantKeyring load(String tenant) {
    SealedKeyring sealed =
        store
            .load(tenant)
            .orElseThrow(
                () ->
                    store
                        .shreddedAt(tenant)
                        .<RuntimeException>map(at -> new TenantKeysShreddedException(tenant, at))
                        .orElseGet(() -> new TenantKeysNotFoundException(tenant)));
    TenantKeyring keyring = unseal(sealed);
    cache.put(keyring);
    return keyring;
  }

  private TenantKeyring change(String tenant, UnaryOperator<TenantKeyring> operation) {
    synchronized (lock(tenant)) {
      TenantKeyring changed = operation.apply(keyring(tenant));
      store.save(seal(changed));
      // Evict rather than replace: the next use reloads what the store now holds.
      cache.evict(tenant);
      return changed;
    }
  }

  private FieldCipher cipher(String tenant) {
    return new FieldCipher(keyring(tenant));
  }

  private SealedKeyring seal(TenantKeyring keyring) {
    String kekId = kekProvider.primaryKekId(keyring.tenant());
    return keyring.seal(kekId, kek(keyring.tenant(), kekId));
  }

  private TenantKeyring unseal(SealedKeyring sealed) {
    return TenantKeyring.unseal(sealed, kek(sealed.tenant(), sealed.kekId()));
  }

  private Aead kek(String tenant, String kekId) {
    try {
      return kekProvider.kek(tenant, kekId);
    } catch (GeneralSecurityException e) {
      throw new KeyringUnreadableException(
          "KEK " + kekId + " for tenant " + tenant + " is unavailable: " + e.getMessage(), e);
    }
  }

  private Object lock(String tenant) {
    return locks[Math.floorMod(tenant.hashCode(), LOCK_STRIPES)];
  }
}
