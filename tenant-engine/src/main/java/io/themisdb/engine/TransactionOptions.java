package io.themisdb.engine;

import java.time.Duration;

/**
 * Options of an explicit transaction.
 *
 * @param timeout after this the transaction is aborted; null for the host's default
 */
public record TransactionOptions(Durability durability, Duration timeout) {
  public static final TransactionOptions DEFAULT = new TransactionOptions(Durability.DEFAULT, null);

  public TransactionOptions {
    durability = durability == null ? Durability.DEFAULT : durability;
  }

  public TransactionOptions withTimeout(Duration newTimeout) {
    return new TransactionOptions(durability, newTimeout);
  }

  public TransactionOptions synced() {
    return new TransactionOptions(Durability.SYNC, timeout);
  }
}
