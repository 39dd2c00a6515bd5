package io.themisdb.engine;

/**
 * Options of a single-operation write.
 *
 * @param expectedRevision when not null, the write fails with {@link RevisionMismatchException}
 *     unless the document's current {@code _rev} is this one
 * @param durability when the write is acknowledged
 */
public record WriteOptions(String expectedRevision, Durability durability) {
  public static final WriteOptions DEFAULT = new WriteOptions(null, Durability.DEFAULT);

  public WriteOptions {
    durability = durability == null ? Durability.DEFAULT : durability;
  }

  public static WriteOptions ifRevision(String revision) {
    return new WriteOptions(revision, Durability.DEFAULT);
  }

  public WriteOptions synced() {
    return new WriteOptions(expectedRevision, Durability.SYNC);
  }
}
