package io.themisdb.encryption.kms.local;

import io.themisdb.encryption.kms.KekProvider;
import io.themisdb.encryption.kms.KekProviderFactory;
import io.themisdb.encryption.kms.KmsSettings;
import java.nio.file.Path;

/**
 * {@code local}: KEKs from a master key file on this machine, the all-in-one default. Setting
 * {@value #MASTER_KEY_FILE} (default {@code data/keys/master.key}) names the file; it is generated
 * on first use and must stay {@code rw-------}.
 */
public final class LocalKekProviderFactory implements KekProviderFactory {

  public static final String ID = "local";
  public static final String MASTER_KEY_FILE = "master-key-file";
  public static final Path DEFAULT_MASTER_KEY_FILE = Path.of("data", "keys", "master.key");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public KekProvider create(KmsSettings settings) {
    return LocalMasterKeyKekProvider.open(settings.path(MASTER_KEY_FILE, DEFAULT_MASTER_KEY_FILE));
  }
}
