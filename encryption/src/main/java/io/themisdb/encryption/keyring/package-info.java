/**
 * The key hierarchy below the KEK: per-tenant keyrings (AES256_GCM and AES256_SIV keysets with
 * their versions), their sealed (envelope-encrypted) stored form, the store and the bounded cache
 * of decrypted keyrings.
 */
package io.themisdb.encryption.keyring;
