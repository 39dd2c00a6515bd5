/** Owner-only, crash-safe file writes shared by the master key, keyset and checkpoint stores. */
package io.themisdb.encryption.files;
