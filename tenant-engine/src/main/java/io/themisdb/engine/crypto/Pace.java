package io.themisdb.engine.crypto;

/** Limits how fast a background pass touches documents, so foreground traffic keeps its share. */
@FunctionalInterface
public interface Pace {

  /** Blocks until {@code documents} more may be processed. */
  void acquire(int documents) throws InterruptedException;

  /** No limit. */
  static Pace unlimited() {
    return documents -> {};
  }
}
