package io.themisdb.engine.index;

/** Whether an index answers queries yet. Writers maintain it in both states. */
public enum IndexState {
  /** Being filled from existing documents; not used for queries. */
  BUILDING,
  READY
}
