/** The {@code local} KEK provider: a master key file readable by its owner only. */
package io.themisdb.encryption.kms.local;
