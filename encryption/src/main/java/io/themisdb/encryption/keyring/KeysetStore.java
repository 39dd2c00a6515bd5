package io.themisdb.encryption.keyring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sealed keyrings live: one per tenant, plus a tombstone for shredded tenants so that
 * "shredded" stays distinguishable from "never had keys". Only {@link SealedKeyring}s cross this
 * interface, so an implementation never sees key material. {@link FileKeysetStore} is the default;
 * platform-api may supply a database-backed one.
 *
 * <p>Implementations are thread-safe; each write is atomic (a reader sees the old or the new
 * keyring, never a mix). I/O failures surface as {@link java.io.UncheckedIOException}.
 */
public interface KeysetStore {

  /** The tenant's sealed keyring, empty if it has none (never had, or shredded). */
  Optional<SealedKeyring> load(String tenant);

  /** Creates or replaces the tenant's sealed keyring. */
  void save(SealedKeyring keyring);

  /** When the tenant's keys were shredded, empty if they never were (or were re-provisioned). */
  Optional<Instant> shreddedAt(String tenant);

  /**
   * Destroys the tenant's keyring: records the tombstone first, then deletes the keyring, so that a
   * crash in between still reads as shredded.
   */
  void shred(String tenant, Instant at);

  /** Removes the tombstone; the explicit step before a shredded tenant may get new keys. */
  void clearShredded(String tenant);

  /** Tenants that have a sealed keyring, in no particular order. */
  List<String> tenants();
}
