package io.themisdb.engine;

import io.themisdb.engine.vector.VectorIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The heap budget of the vector indexes of a host's open databases ({@link
 * EngineSettings#vectorMemoryBytes()}): their graphs live on the Java heap, which nothing else
 * bounds. Thread-safe (stateless besides the budget).
 */
final class VectorMemory {
  private final long budget;

  VectorMemory(long budget) {
    this.budget = budget;
  }

  long budget() {
    return budget;
  }

  /**
   * An index of {@code user} was loaded or grew: while the indexes of {@code open} together hold
   * more than the budget, lets go of the least recently used indexes of the other databases, each
   * written to its snapshot first ({@link Vectors#unload}), so that it loads from there on its next
   * use. The user's own indexes stay even when they alone exceed the budget: the search asking for
   * them must be answered. Call it without the host lock: snapshots take a while to write.
   */
  void fit(List<OpenDatabase> open, OpenDatabase user) {
    long total = 0;
    record Candidate(OpenDatabase db, VectorIndex index, long lastUsed) {}
    List<Candidate> others = new ArrayList<>();
    for (OpenDatabase db : open) {
      for (VectorIndex vi : db.vectorIndexes.values()) {
        total += vi.heapEstimate();
        if (db != user) {
          others.add(new Candidate(db, vi, vi.lastUsedNanos()));
        }
      }
    }
    if (total <= budget) {
      return;
    }
    others.sort(Comparator.comparingLong(Candidate::lastUsed));
    for (Candidate c : others) {
      if (total <= budget) {
        break;
      }
      if (Vectors.unload(c.db(), c.index())) {
        total -= c.index().heapEstimate();
      }
    }
  }
}
