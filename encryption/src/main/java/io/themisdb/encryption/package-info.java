/**
 * Per-tenant field encryption with Google Tink.
 *
 * <p>Front door: {@code TenantKeys}. Extension point: {@code io.themisdb.encryption.kms}, where a
 * key-encryption-key provider (local master key file, cloud KMS) plugs in. Keysets exist on disk
 * only wrapped by the key-encryption key.
 */
package io.themisdb.encryption;
