/**
 * Extension point for key-encryption keys: a {@link io.themisdb.encryption.kms.KekProvider} wraps
 * tenant keysets, a {@link io.themisdb.encryption.kms.KekProviderFactory} with an {@code id()}
 * creates it. {@code local} (a master key file) ships in {@code kms.local}; a cloud KMS plugs in
 * through Tink's {@code KmsClient}.
 */
package io.themisdb.encryption.kms;
