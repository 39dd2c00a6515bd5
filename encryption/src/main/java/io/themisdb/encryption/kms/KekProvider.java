package io.themisdb.encryption.kms;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;

/**
 * Supplies the key-encryption keys (KEKs) that wrap every tenant keyset at rest.
 *
 * <p>Keysets are only ever stored as {@code TinkProtoKeysetFormat.serializeEncryptedKeyset} output
 * under an {@link Aead} from this provider, so whoever holds a provider's KEK holds every tenant's
 * data keys: the provider is the root of trust. A cloud KMS implementation is a thin adapter over
 * Tink's {@code KmsClient#getAead(keyUri)}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The tenant is an argument so that a provider may give each tenant its own KEK (bring your
 *       own key); the local provider uses one KEK for all tenants.
 *   <li>KEK ids are opaque, non-secret strings that are stored next to each wrapped keyset and
 *       passed back to {@link #kek} when the keyset is unwrapped. Nothing returned is ever null.
 *   <li>Implementations are thread-safe. {@link #close()} is idempotent; the caller that created
 *       the provider (normally through its {@link KekProviderFactory}) closes it at shutdown.
 * </ul>
 */
public interface KekProvider extends AutoCloseable {

  /** Id of the KEK that new wrappings of {@code tenant}'s keysets use. */
  String primaryKekId(String tenant);

  /**
   * The KEK with this id, for wrapping (when it is the primary) and unwrapping.
   *
   * @throws GeneralSecurityException if the KEK is unknown, retired or unreachable
   */
  Aead kek(String tenant, String kekId) throws GeneralSecurityException;

  /**
   * Makes a new KEK primary and returns its id. Existing wrappings stay readable until {@link
   * #retire} removes their KEK, so callers re-wrap every keyset between the two calls.
   *
   * @throws UnsupportedOperationException where rotation happens inside the KMS itself
   */
  default String rotate() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " rotates inside the KMS");
  }

  /**
   * Removes a KEK that no keyset is wrapped under any more. Wrappings under it become unreadable,
   * which is what makes crypto-shredding hold against old copies of the keyset store.
   *
   * @throws IllegalArgumentException if {@code kekId} is the primary or unknown
   * @throws UnsupportedOperationException where the KMS manages key versions itself
   */
  default void retire(String kekId) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot retire KEKs");
  }

  /** Releases what the provider holds; idempotent. */
  @Override
  void close();
}
