package io.themisdb.gpu.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.vectorset.VectorSetDelta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorBodiesTest {

  private static final long MAX = 64L << 20;
  private final Random random = new Random(9);

  @Test
  void vectorSetRoundTripsAcrossManyWindows() {
    // 40,000 x 3 floats and 40,000 ids span several 64 KiB windows on both sides.
    int n = 40_000;
    long[] ids = new long[n];
    float[] vectors = new float[n * 3];
    for (int i = 0; i < n; i++) {
      ids[i] = random.nextLong();
    }
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = random.nextFloat() * 2 - 1;
    }
    var out = new ByteArrayOutputStream();
    VectorBodies.writeVectorSet(out, new VectorData(3, ids, vectors));
    assertThat(out.size()).isEqualTo(12 + n * 8 + n * 12);

    VectorData back = VectorBodies.readVectorSet(new ByteArrayInputStream(out.toByteArray()), MAX);
    assertThat(back.dimension()).isEqualTo(3);
    assertThat(back.ids()).isEqualTo(ids);
    assertThat(back.vectors()).isEqualTo(vectors);
  }

  @Test
  void headerIsLittleEndianWithAsciiMagic() {
    var out = new ByteArrayOutputStream();
    VectorBodies.writeQueries(out, 2, new float[] {1f, -2.5f});
    ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(out.toByteArray(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("TVQ1");
    assertThat(b.getInt(4)).isEqualTo(2);
    assertThat(b.getInt(8)).isEqualTo(1);
    assertThat(b.getFloat(12)).isEqualTo(1f);
    assertThat(b.getFloat(16)).isEqualTo(-2.5f);
  }

  @Test
  void queriesDeltaAndResultRoundTrip() {
    var q = new ByteArrayOutputStream();
    float[] queries = {1, 2, 3, 4, 5, 6};
    VectorBodies.writeQueries(q, 3, queries);
    VectorBodies.QueryBatch batch =
        VectorBodies.readQueries(new ByteArrayInputStream(q.toByteArray()), MAX);
    assertThat(batch.dimension()).isEqualTo(3);
    assertThat(batch.vectors()).isEqualTo(queries);

    var d = new ByteArrayOutputStream();
    VectorBodies.writeDelta(
        d, new VectorSetDelta(4, 7, new long[] {1, 2}, new float[] {1, 2, 3, 4}, new long[] {9}));
    VectorSetDelta delta = VectorBodies.readDelta(new ByteArrayInputStream(d.toByteArray()), MAX);
    assertThat(delta.baseVersion()).isEqualTo(4);
    assertThat(delta.newVersion()).isEqualTo(7);
    assertThat(delta.upsertIds()).containsExactly(1, 2);
    assertThat(delta.upsertVectors()).containsExactly(1, 2, 3, 4);
    assertThat(delta.deleteIds()).containsExactly(9);

    var deletesOnly = new ByteArrayOutputStream();
    VectorBodies.writeDelta(
        deletesOnly, new VectorSetDelta(1, 2, new long[0], new float[0], new long[] {3}));
    assertThat(
            VectorBodies.readDelta(new ByteArrayInputStream(deletesOnly.toByteArray()), MAX)
                .deleteIds())
        .containsExactly(3);

    var r = new ByteArrayOutputStream();
    var result =
        new KnnResult(
            List.of(
                new Neighbours(new long[] {5, 6}, new float[] {0.5f, 1.5f}),
                new Neighbours(new long[0], new float[0])));
    VectorBodies.writeKnnResult(r, result);
    KnnResult back = VectorBodies.readKnnResult(new ByteArrayInputStream(r.toByteArray()), MAX);
    assertThat(back.perQuery()).hasSize(2);
    assertThat(back.perQuery().get(0).ids()).containsExactly(5, 6);
    assertThat(back.perQuery().get(0).distances()).containsExactly(0.5f, 1.5f);
    assertThat(back.perQuery().get(1).size()).isZero();
  }

  @Test
  void wrongMagicNamesBothKinds() {
    var out = new ByteArrayOutputStream();
    VectorBodies.writeQueries(out, 1, new float[] {1});
    assertThatThrownBy(
            () -> VectorBodies.readVectorSet(new ByteArrayInputStream(out.toByteArray()), MAX))
        .isInstanceOf(MalformedVectorBodyException.class)
        .hasMessageContaining("'TVS1'")
        .hasMessageContaining("'TVQ1'");
  }

  @Test
  void truncatedAndTrailingBodiesAreRefused() {
    var out = new ByteArrayOutputStream();
    VectorBodies.writeQueries(out, 4, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
    byte[] body = out.toByteArray();
    assertThatThrownBy(
            () ->
                VectorBodies.readQueries(
                    new ByteArrayInputStream(Arrays.copyOf(body, body.length - 1)), MAX))
        .isInstanceOf(MalformedVectorBodyException.class)
        .hasMessageContaining("ends early");
    assertThatThrownBy(
            () ->
                VectorBodies.readQueries(
                    new ByteArrayInputStream(Arrays.copyOf(body, body.length + 4)), MAX))
        .isInstanceOf(MalformedVectorBodyException.class)
        .hasMessageContaining("longer than its header");
  }

  @Test
  void headerAnnouncingMoreThanTheLimitFailsBeforeAllocating() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(VectorBodies.QUERIES).putInt(4096).putInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> VectorBodies.readQueries(new ByteArrayInputStream(b.array()), 1 << 20))
        .isInstanceOf(MalformedVectorBodyException.class)
        .hasMessageContaining("over the limit of 1048576");

    ByteBuffer negative = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    negative.putInt(VectorBodies.VECTOR_SET).putInt(2).putInt(-1);
    assertThatThrownBy(
            () -> VectorBodies.readVectorSet(new ByteArrayInputStream(negative.array()), MAX))
        .isInstanceOf(MalformedVectorBodyException.class)
        .hasMessageContaining("count must be >= 0, was -1");
  }

  @Test
  void deltaDimensionMustMatchItsUpserts() {
    ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(VectorBodies.DELTA).putLong(1).putLong(2).putInt(3).putInt(0).putInt(0);
    assertThatThrownBy(() -> VectorBodies.readDelta(new ByteArrayInputStream(b.array()), MAX))
        .isInstanceOf(MalformedVectorBodyException.class)
        .hasMessageContaining("dimension must be 0 exactly when there are no upserts");
  }
}
