package io.themisdb.gpu.vectorset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.gpu.accelerator.FakeCountingAccelerator;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.InvalidJobException;
import org.junit.jupiter.api.Test;

class ResidentVectorSetsTest {

  private final FakeCountingAccelerator accelerator = new FakeCountingAccelerator();

  /** n vectors of dimension 2, ids 0..n-1, vector i = (i, -i): 8 + 8 = 16 bytes each. */
  private static VectorData vectors(int n) {
    long[] ids = new long[n];
    float[] v = new float[2 * n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      v[2 * i] = i;
      v[2 * i + 1] = -i;
    }
    return new VectorData(2, ids, v);
  }

  @Test
  void leaseOfTheResidentVersionSeesTheUploadedVectors() {
    try (var sets = new ResidentVectorSets(accelerator, 1 << 20);
        var lease = uploadAndLease(sets)) {
      assertThat(lease.vectors().size()).isEqualTo(10);
      assertThat(lease.vectors().id(3)).isEqualTo(3);
    }
  }

  private static ResidentVectorSets.Lease uploadAndLease(ResidentVectorSets sets) {
    sets.upload(new VectorSetKey("t1", "s", 4), vectors(10));
    return sets.lease("t1", "s", 4);
  }

  @Test
  void leaseOfAnotherVersionFailsNamingBothVersions() {
    try (var sets = new ResidentVectorSets(accelerator, 1 << 20)) {
      sets.upload(new VectorSetKey("t1", "s", 4), vectors(10));
      assertThatThrownBy(() -> sets.lease("t1", "s", 3))
          .isInstanceOf(VectorSetVersionException.class)
          .hasMessage("tenant 't1' vector set 's' is resident at version 4, not 3");
    }
  }

  @Test
  void anotherTenantCannotLeaseASetOfTheSameName() {
    try (var sets = new ResidentVectorSets(accelerator, 1 << 20)) {
      sets.upload(new VectorSetKey("t1", "s", 4), vectors(10));
      assertThatThrownBy(() -> sets.lease("t2", "s", 4))
          .isInstanceOf(UnknownVectorSetException.class)
          .hasMessageContaining("tenant 't2' has no resident vector set 's'");
    }
  }

  @Test
  void deltaUpsertsAndDeletesByIdAndBumpsTheVersion() {
    try (var sets = new ResidentVectorSets(accelerator, 1 << 20)) {
      sets.upload(new VectorSetKey("t1", "s", 1), vectors(4));
      var delta =
          new VectorSetDelta(1, 2, new long[] {2, 9}, new float[] {20, 20, 90, 90}, new long[] {0});
      assertThat(sets.applyDelta("t1", "s", delta)).isEqualTo(new VectorSetKey("t1", "s", 2));
      assertThat(sets.residentVersion("t1", "s")).hasValue(2);
      try (var lease = sets.lease("t1", "s", 2)) {
        var ids = new long[lease.vectors().size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = lease.vectors().id(i);
        }
        assertThat(ids).containsExactly(1, 2, 3, 9);
      }
      assertThatThrownBy(() -> sets.lease("t1", "s", 1))
          .isInstanceOf(VectorSetVersionException.class);
    }
  }

  @Test
  void mergeReplacesInPlaceAndAppendsNewIds() {
    var merged =
        ResidentVectorSets.merge(
            vectors(3),
            new VectorSetDelta(0, 1, new long[] {7, 1}, new float[] {7, 7, 5, 5}, new long[] {2}));
    assertThat(merged.ids()).containsExactly(0, 1, 7);
    assertThat(merged.vectors()).containsExactly(0, 0, 5, 5, 7, 7);
  }

  @Test
  void deltaAgainstAStaleVersionIsRejected() {
    try (var sets = new ResidentVectorSets(accelerator, 1 << 20)) {
      sets.upload(new VectorSetKey("t1", "s", 5), vectors(4));
      var stale = new VectorSetDelta(4, 6, new long[0], new float[0], new long[] {1});
      assertThatThrownBy(() -> sets.applyDelta("t1", "s", stale))
          .isInstanceOf(VectorSetVersionException.class);
      assertThatThrownBy(() -> new VectorSetDelta(5, 5, new long[0], new float[0], new long[0]))
          .isInstanceOf(InvalidJobException.class);
    }
  }

  @Test
  void uploadOverTheBudgetEvictsTheLeastRecentlyUsedSetOfAnyTenant() {
    // each set of 10 vectors takes 160 bytes; the budget holds three
    try (var sets = new ResidentVectorSets(accelerator, 480)) {
      sets.upload(new VectorSetKey("a", "old", 1), vectors(10));
      sets.upload(new VectorSetKey("b", "used", 1), vectors(10));
      sets.upload(new VectorSetKey("c", "other", 1), vectors(10));
      sets.lease("a", "old", 1).close(); // "a/old" is now more recent than "b/used"
      sets.upload(new VectorSetKey("d", "new", 1), vectors(10));

      assertThat(sets.residentVersion("b", "used")).isEmpty();
      assertThat(sets.residentVersion("a", "old")).hasValue(1);
      assertThat(sets.residentBytes()).isEqualTo(480);
      assertThat(sets.evictions()).isEqualTo(1);
      assertThatThrownBy(() -> sets.lease("b", "used", 1))
          .isInstanceOf(UnknownVectorSetException.class)
          .hasMessageContaining("upload it again");
    }
  }

  @Test
  void aSetEvictedWhileLeasedIsFreedOnlyWhenTheLeaseCloses() {
    try (var sets = new ResidentVectorSets(accelerator, 160)) {
      sets.upload(new VectorSetKey("a", "s", 1), vectors(10));
      var lease = sets.lease("a", "s", 1);
      sets.upload(new VectorSetKey("b", "s", 1), vectors(10));
      assertThat(accelerator.closedSets).hasValue(0);
      lease.close();
      lease.close();
      assertThat(accelerator.closedSets).hasValue(1);
    }
    assertThat(accelerator.closedSets).hasValue(2);
  }

  @Test
  void aSetLargerThanTheWholeBudgetIsRejected() {
    try (var sets = new ResidentVectorSets(accelerator, 100)) {
      assertThatThrownBy(() -> sets.upload(new VectorSetKey("a", "s", 1), vectors(10)))
          .isInstanceOf(InvalidJobException.class)
          .hasMessageContaining("over the whole budget of 100");
    }
  }
}
