/**
 * Field encryption in the API: the encryption module's tenant keys adapted to the engine's field
 * cipher ({@link io.themisdb.platform.keys.TenantFieldCipher}), collection encryption policies, key
 * rotation with background re-encryption jobs, key versions and crypto-shredding, all under scope
 * {@code keys:manage} and audited.
 */
package io.themisdb.platform.keys;
