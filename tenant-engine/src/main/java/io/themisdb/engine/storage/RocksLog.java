package io.themisdb.engine.storage;

import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;

/**
 * RocksDB's info log, sent to the JVM's logging at WARN and above and shared by every database of a
 * host. Replacing the per-database LOG file matters for density: RocksDB writes about 120 KB of
 * option dumps into that file on every open (as "header" lines, which a Java logger drops), and the
 * host opens and closes tenant databases all the time.
 */
final class RocksLog extends Logger {
  private static final System.Logger LOG = System.getLogger("io.themisdb.engine.rocksdb");

  RocksLog() {
    super(InfoLogLevel.WARN_LEVEL);
  }

  @Override
  protected void log(InfoLogLevel level, String message) {
    if (message.contains("Transaction write_policy is")) {
      return; // logged at WARN on every TransactionDB open, and says nothing wrong
    }
    LOG.log(
        switch (level) {
          case ERROR_LEVEL, FATAL_LEVEL -> System.Logger.Level.ERROR;
          case WARN_LEVEL -> System.Logger.Level.WARNING;
          default -> System.Logger.Level.DEBUG;
        },
        message);
  }
}
