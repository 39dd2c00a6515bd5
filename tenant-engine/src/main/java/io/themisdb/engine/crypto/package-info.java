/**
 * Field-level encryption inside the engine: per-collection {@link
 * io.themisdb.engine.crypto.EncryptionPolicy} (persisted by {@link
 * io.themisdb.engine.crypto.EncryptionPolicies}) and {@link
 * io.themisdb.engine.crypto.DocumentCrypto}, which encrypts the named attributes before a document
 * reaches RocksDB and decrypts them on read, through the {@link io.themisdb.engine.spi.FieldCipher}
 * platform-api plugs in. The engine itself holds no key.
 */
package io.themisdb.engine.crypto;
