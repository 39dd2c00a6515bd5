/**
 * Field ciphers: randomized (AES256_GCM, bound to the document) and deterministic (AES256_SIV,
 * equality-searchable), their wire format carrying the key id, and the precise decryption errors.
 */
package io.themisdb.encryption.field;
