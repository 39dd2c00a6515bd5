package io.themisdb.gpu.wire;

import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.vectorset.VectorSetDelta;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the {@value #MEDIA_TYPE} bodies. Every body starts with a four-byte ASCII
 * magic naming its kind; all numbers are little-endian; rows are float32, ids int64:
 *
 * <ul>
 *   <li>{@code TVS1} vector set: int32 dimension, int32 count, count ids, count × dimension floats
 *   <li>{@code TVQ1} query batch: int32 dimension, int32 count, count × dimension floats
 *   <li>{@code TVD1} delta: int64 baseVersion, int64 newVersion, int32 dimension (0 when there are
 *       no upserts), int32 upserts, int32 deletes, upsert ids, upsert rows, delete ids
 *   <li>{@code TVK1} kNN result: int32 queries, then per query int32 n, n ids, n distances
 * </ul>
 *
 * <p>Readers stream from the input (no second copy of the body in memory), refuse a header whose
 * sizes exceed {@code maxBytes} before allocating, and require the body to end exactly where its
 * header says.
 */
public final class VectorBodies {

  public static final String MEDIA_TYPE = "application/x-themis-vectors";

  static final int VECTOR_SET = magic("TVS1");
  static final int QUERIES = magic("TVQ1");
  static final int DELTA = magic("TVD1");
  static final int KNN_RESULT = magic("TVK1");

  /** A decoded query batch: {@code vectors.length / dimension} rows. */
  public record QueryBatch(int dimension, float[] vectors) {}

  private VectorBodies() {}

  public static void writeVectorSet(OutputStream out, VectorData data) {
    var w = new Writer(out);
    w.i32(VECTOR_SET).i32(data.dimension()).i32(data.size()).i64s(data.ids()).f32s(data.vectors());
    w.flush();
  }

  public static VectorData readVectorSet(InputStream in, long maxBytes) {
    var r = new Reader(in, maxBytes);
    r.expectMagic(VECTOR_SET, "vector set");
    int dimension = r.positive("dimension");
    int count = r.count("count");
    r.reserve(12 + (long) count * 8 + (long) count * dimension * 4);
    long[] ids = r.i64s(count);
    float[] vectors = r.f32s(Math.multiplyExact(count, dimension));
    r.expectEnd();
    return new VectorData(dimension, ids, vectors);
  }

  public static void writeQueries(OutputStream out, int dimension, float[] vectors) {
    if (dimension < 1 || vectors.length % dimension != 0) {
      throw new IllegalArgumentException(
          vectors.length + " floats are not whole rows of dimension " + dimension);
    }
    var w = new Writer(out);
    w.i32(QUERIES).i32(dimension).i32(vectors.length / dimension).f32s(vectors);
    w.flush();
  }

  public static QueryBatch readQueries(InputStream in, long maxBytes) {
    var r = new Reader(in, maxBytes);
    r.expectMagic(QUERIES, "query batch");
    int dimension = r.positive("dimension");
    int count = r.count("count");
    r.reserve(12 + (long) count * dimension * 4);
    float[] vectors = r.f32s(Math.multiplyExact(count, dimension));
    r.expectEnd();
    return new QueryBatch(dimension, vectors);
  }

  public static void writeDelta(OutputStream out, VectorSetDelta delta) {
    int upserts = delta.upsertIds().length;
    if (upserts == 0
        ? delta.upsertVectors().length != 0
        : delta.upsertVectors().length % upserts != 0) {
      throw new IllegalArgumentException("upsertVectors are not whole rows of the upserted ids");
    }
    int dimension = upserts == 0 ? 0 : delta.upsertVectors().length / upserts;
    var w = new Writer(out);
    w.i32(DELTA)
        .i64(delta.baseVersion())
        .i64(delta.newVersion())
        .i32(dimension)
        .i32(upserts)
        .i32(delta.deleteIds().length)
        .i64s(delta.upsertIds())
        .f32s(delta.upsertVectors())
        .i64s(delta.deleteIds());
    w.flush();
  }

  public static VectorSetDelta readDelta(InputStream in, long maxBytes) {
    var r = new Reader(in, maxBytes);
    r.expectMagic(DELTA, "delta");
    long base = r.i64();
    long next = r.i64();
    int dimension = r.count("dimension");
    int upserts = r.count("upserts");
    int deletes = r.count("deletes");
    if ((dimension == 0) != (upserts == 0)) {
      throw new MalformedVectorBodyException(
          "dimension must be 0 exactly when there are no upserts, was "
              + dimension
              + " with "
              + upserts
              + " upserts");
    }
    r.reserve(32 + (long) upserts * 8 + (long) upserts * dimension * 4 + (long) deletes * 8);
    long[] upsertIds = r.i64s(upserts);
    float[] upsertVectors = r.f32s(Math.multiplyExact(upserts, dimension));
    long[] deleteIds = r.i64s(deletes);
    r.expectEnd();
    return new VectorSetDelta(base, next, upsertIds, upsertVectors, deleteIds);
  }

  public static void writeKnnResult(OutputStream out, KnnResult result) {
    var w = new Writer(out);
    w.i32(KNN_RESULT).i32(result.perQuery().size());
    for (Neighbours n : result.perQuery()) {
      w.i32(n.size()).i64s(n.ids()).f32s(n.distances());
    }
    w.flush();
  }

  public static KnnResult readKnnResult(InputStream in, long maxBytes) {
    var r = new Reader(in, maxBytes);
    r.expectMagic(KNN_RESULT, "kNN result");
    int queries = r.count("queries");
    r.reserve(8 + (long) queries * 4);
    List<Neighbours> perQuery = new ArrayList<>(queries);
    for (int q = 0; q < queries; q++) {
      int n = r.count("neighbours of query " + q);
      r.reserve((long) n * 12);
      perQuery.add(new Neighbours(r.i64s(n), r.f32s(n)));
    }
    r.expectEnd();
    return new KnnResult(perQuery);
  }

  private static int magic(String ascii) {
    return ByteBuffer.wrap(ascii.getBytes(StandardCharsets.US_ASCII))
        .order(ByteOrder.LITTLE_ENDIAN)
        .getInt();
  }

  private static String magicText(int magic) {
    byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(magic).array();
    StringBuilder s = new StringBuilder();
    for (byte c : b) {
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return s.toString();
  }

  /** Little-endian reads through a 64 KiB window; counts what the header promised. */
  private static final class Reader {
    private final InputStream in;
    private final long maxBytes;
    private final ByteBuffer window = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long reserved;

    Reader(InputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
      window.limit(0);
    }

    void expectMagic(int magic, String kind) {
      int actual = i32("magic");
      if (actual != magic) {
        throw new MalformedVectorBodyException(
            "expected a "
                + kind
                + " body starting with '"
                + magicText(magic)
                + "', found '"
                + magicText(actual)
                + "'");
      }
    }

    /** Fails before any allocation when the header announces more than the limit allows. */
    void reserve(long bytes) {
      reserved += bytes;
      if (reserved > maxBytes) {
        throw new MalformedVectorBodyException(
            "the header announces at least " + reserved + " bytes, over the limit of " + maxBytes);
      }
    }

    int positive(String field) {
      int v = i32(field);
      if (v < 1) {
        throw new MalformedVectorBodyException(field + " must be >= 1, was " + v);
      }
      return v;
    }

    int count(String field) {
      int v = i32(field);
      if (v < 0) {
        throw new MalformedVectorBodyException(field + " must be >= 0, was " + v);
      }
      return v;
    }

    int i32(String field) {
      fill(4, field);
      return window.getInt();
    }

    long i64() {
      fill(8, "version");
      return window.getLong();
    }

    long[] i64s(int n) {
      long[] out = new long[n];
      int done = 0;
      while (done < n) {
        fill(8, "ids");
        int take = Math.min(n - done, window.remaining() / 8);
        window.asLongBuffer().get(out, done, take);
        window.position(window.position() + take * 8);
        done += take;
      }
      return out;
    }

    float[] f32s(int n) {
      float[] out = new float[n];
      int done = 0;
      while (done < n) {
        fill(4, "vectors");
        int take = Math.min(n - done, window.remaining() / 4);
        window.asFloatBuffer().get(out, done, take);
        window.position(window.position() + take * 4);
        done += take;
      }
      return out;
    }

    void expectEnd() {
      if (window.hasRemaining()) {
        throw trailing();
      }
      try {
        if (in.read() != -1) {
          throw trailing();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private MalformedVectorBodyException trailing() {
      return new MalformedVectorBodyException("the body is longer than its header announces");
    }

    /** Makes at least {@code bytes} readable, reading more of the stream as needed. */
    private void fill(int bytes, String field) {
      if (window.remaining() >= bytes) {
        return;
      }
      window.compact();
      try {
        while (window.position() < bytes) {
          int read =
              in.read(window.array(), window.position(), window.capacity() - window.position());
          if (read < 0) {
            window.flip();
            throw new MalformedVectorBodyException(
                "the body ends early, in " + field + ": shorter than its header announces");
          }
          window.position(window.position() + read);
        }
      } catch (EOFException e) {
        throw new MalformedVectorBodyException("the body ends early, in " + field);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      window.flip();
    }
  }

  /** Little-endian writes through a 64 KiB window. */
  private static final class Writer {
    private final OutputStream out;
    private final ByteBuffer window = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    Writer(OutputStream out) {
      this.out = out;
    }

    Writer i32(int v) {
      room(4);
      window.putInt(v);
      return this;
    }

    Writer i64(long v) {
      room(8);
      window.putLong(v);
      return this;
    }

    Writer i64s(long[] values) {
      int done = 0;
      while (done < values.length) {
        room(8);
        int take = Math.min(values.length - done, window.remaining() / 8);
        window.asLongBuffer().put(values, done, take);
        window.position(window.position() + take * 8);
        done += take;
      }
      return this;
    }

    Writer f32s(float[] values) {
      int done = 0;
      while (done < values.length) {
        room(4);
        int take = Math.min(values.length - done, window.remaining() / 4);
        window.asFloatBuffer().put(values, done, take);
        window.position(window.position() + take * 4);
        done += take;
      }
      return this;
    }

    void flush() {
      drain();
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void room(int bytes) {
      if (window.remaining() < bytes) {
        drain();
      }
    }

    private void drain() {
      try {
        out.write(window.array(), 0, window.position());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      window.clear();
    }
  }
}
