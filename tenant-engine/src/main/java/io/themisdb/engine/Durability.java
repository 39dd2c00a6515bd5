package io.themisdb.engine;

/** When a write is acknowledged. */
public enum Durability {
  /**
   * After the write reached the WAL in the OS page cache: survives a process crash, not power loss.
   */
  DEFAULT,
  /** After the WAL was fsynced: survives power loss; costs one fsync per commit. */
  SYNC
}
