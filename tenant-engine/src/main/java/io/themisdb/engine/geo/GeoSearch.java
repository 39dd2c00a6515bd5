package io.themisdb.engine.geo;

import com.google.common.geometry.S1Angle;
import com.google.common.geometry.S2Cap;
import com.google.common.geometry.S2Cell;
import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2CellUnion;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Projections;
import com.google.common.geometry.S2RegionCoverer;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Searches over a geo index: candidates come from the index entries in the cells covering the
 * searched region, and each candidate is checked exactly (great-circle distance, or the S2
 * predicate on the document's shape), so results equal a check of every document.
 */
public final class GeoSearch {
  /** Nearest first, ties by document key (the order of a full scan). */
  static final Comparator<GeoHit> NEAREST_FIRST =
      Comparator.comparingDouble(GeoHit::distanceMetres).thenComparing(GeoHit::key);

  private static final double WHOLE_SPHERE_METRES = Math.PI * BatchAccelerator.EARTH_RADIUS_METRES;

  /** A first ring for nearest searches; each next ring doubles the radius. */
  private static final double FIRST_RING_METRES = 1_000;

  private static final S2RegionCoverer QUERY_COVERER =
      S2RegionCoverer.builder().setMaxCells(12).build();

  private GeoSearch() {}

  /**
   * Documents whose point (or shape centroid) lies within {@code metres} of {@code (lon, lat)},
   * nearest first, at most {@code limit}.
   */
  public static List<GeoHit> withinRadius(
      GeoIndexReader reader, double lon, double lat, double metres, int limit) {
    GeoJson.point(lon, lat);
    List<GeoHit> hits = new ArrayList<>();
    if (!(metres >= 0) || limit <= 0) {
      return hits;
    }
    anchors(reader, covering(lon, lat, metres), lon, lat, metres, hits::add);
    hits.sort(NEAREST_FIRST);
    return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
  }

  /**
   * Every document with a geo value, nearest to {@code (lon, lat)} first (ties by key), read ring
   * by ring as the caller iterates: the index is read only as far as the caller goes.
   */
  public static Iterator<GeoHit> nearest(GeoIndexReader reader, double lon, double lat) {
    return nearest(reader, lon, lat, Double.POSITIVE_INFINITY);
  }

  /**
   * Like {@link #nearest(GeoIndexReader, double, double)}, but only documents within {@code
   * maxMetres}: the rings stop there.
   */
  public static Iterator<GeoHit> nearest(
      GeoIndexReader reader, double lon, double lat, double maxMetres) {
    GeoJson.point(lon, lat);
    double limit = Math.max(0, Math.min(maxMetres, WHOLE_SPHERE_METRES));
    return new Iterator<>() {
      private final PriorityQueue<GeoHit> pending = new PriorityQueue<>(NEAREST_FIRST);
      private S2CellUnion scanned = new S2CellUnion();
      private double radius;
      private boolean whole;

      @Override
      public boolean hasNext() {
        while (true) {
          if (!pending.isEmpty()
              && pending.peek().distanceMetres() <= (whole ? maxMetres : radius)) {
            return true;
          }
          if (whole) {
            return false;
          }
          radius = Math.min(limit, radius == 0 ? FIRST_RING_METRES : radius * 2);
          // the last ring: everything within the limit (the whole sphere at most) was read
          whole = radius >= limit;
          S2CellUnion ring = covering(lon, lat, radius);
          S2CellUnion fresh = new S2CellUnion();
          fresh.getDifference(ring, scanned);
          anchors(reader, fresh, lon, lat, Double.POSITIVE_INFINITY, pending::add);
          S2CellUnion union = new S2CellUnion();
          union.getUnion(scanned, ring);
          scanned = union;
        }
      }

      @Override
      public GeoHit next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.poll();
      }
    };
  }

  /**
   * Keys, in key order, of the documents whose shape may meet {@code region} according to the index
   * and for which {@code exact} holds. {@code exact} must imply that the shapes intersect.
   */
  public static List<String> matching(
      GeoIndexReader reader, GeoShape region, Predicate<GeoShape> exact) {
    int id = reader.index().id();
    S2CellUnion cells = region.covering(QUERY_COVERER);
    TreeSet<String> keys = new TreeSet<>();
    // points: the anchor entry holds the point itself
    scanCells(
        reader,
        GeoIndex.ANCHOR,
        cells,
        (k, v) -> {
          ByteBuffer b = ByteBuffer.wrap(v);
          if (b.get() == GeoIndex.KIND_POINT
              && exact.test(GeoShape.point(b.getDouble(), b.getDouble()))) {
            keys.add(GeoIndex.documentKey(GeoIndex.ANCHOR, k));
          }
          return true;
        });
    // other shapes: their cells below a covering cell, or above it
    Set<String> shapes = new HashSet<>();
    byte[] cellPrefix = GeoIndex.tagPrefix(id, GeoIndex.CELL);
    boolean[] anyShape = {false};
    reader.scan(cellPrefix, KeyRanges.prefixEnd(cellPrefix), (k, v) -> !(anyShape[0] = true));
    if (anyShape[0]) {
      scanCells(
          reader,
          GeoIndex.CELL,
          cells,
          (k, v) -> {
            shapes.add(GeoIndex.documentKey(GeoIndex.CELL, k));
            return true; // the same shape may turn up in several cells
          });
      Set<Long> ancestors = new HashSet<>();
      for (S2CellId c : cells) {
        for (int level = 0; level < c.level(); level++) {
          ancestors.add(c.parent(level).id());
        }
      }
      for (long a : ancestors) {
        byte[] from = GeoIndex.cellBound(id, GeoIndex.CELL, a);
        reader.scan(
            from,
            KeyRanges.prefixEnd(from),
            (k, v) -> {
              shapes.add(GeoIndex.documentKey(GeoIndex.CELL, k));
              return true; // the same shape may turn up in several cells
            });
      }
    }
    for (String key : shapes) {
      var document = reader.document(key);
      GeoShape shape = document == null ? null : GeoIndex.shape(reader.index(), document);
      if (shape != null && exact.test(shape)) {
        keys.add(key);
      }
    }
    return new ArrayList<>(keys);
  }

  /** Keys, in key order, of every document of the collection, with a geo value or without. */
  public static List<String> allKeys(GeoIndexReader reader) {
    TreeSet<String> keys = new TreeSet<>(withoutValue(reader));
    byte[] prefix = GeoIndex.tagPrefix(reader.index().id(), GeoIndex.ANCHOR);
    reader.scan(
        prefix,
        KeyRanges.prefixEnd(prefix),
        (k, v) -> keys.add(GeoIndex.documentKey(GeoIndex.ANCHOR, k)) || true);
    return new ArrayList<>(keys);
  }

  /** Keys, in key order, of the documents without a valid geo value. */
  public static List<String> withoutValue(GeoIndexReader reader) {
    byte[] prefix = GeoIndex.tagPrefix(reader.index().id(), GeoIndex.NO_VALUE);
    List<String> keys = new ArrayList<>();
    reader.scan(
        prefix,
        KeyRanges.prefixEnd(prefix),
        (k, v) -> keys.add(GeoIndex.documentKey(GeoIndex.NO_VALUE, k)));
    return keys;
  }

  /**
   * The cells covering every point within {@code metres} of the centre, with a little slack. As
   * S2Cap.GetCellUnionBound does: the four cells around the cell vertex nearest the centre, at the
   * finest level whose cells are wider than the radius, cover the cap; each is then split {@value
   * #REFINE_LEVELS} levels down, keeping the children that may meet the cap. That is several times
   * cheaper than {@link S2RegionCoverer}; the cells hold about 1.8 times the cap's area (3 levels
   * measured best per query in GeoBenchmark: 2 reads more, 4 costs more to compute).
   */
  static S2CellUnion covering(double lon, double lat, double metres) {
    S2Point centre = S2LatLng.fromDegrees(lat, lon).toPoint();
    // the slack keeps points whose haversine distance rounds to just inside the radius
    double radians = metres / BatchAccelerator.EARTH_RADIUS_METRES * (1 + 1e-9) + 1e-12;
    S2CellUnion union = new S2CellUnion();
    if (radians >= Math.PI) {
      union.initFromCellIds(faces());
      return union;
    }
    S2Cap cap = S2Cap.fromAxisAngle(centre, S1Angle.radians(radians));
    int level = S2Projections.PROJ.minWidth.getMaxLevel(radians) - 1;
    ArrayList<S2CellId> cells = new ArrayList<>();
    if (level < 0) {
      cells.addAll(faces());
    } else {
      S2CellId.fromPoint(centre).getVertexNeighbors(Math.min(level, S2CellId.MAX_LEVEL), cells);
    }
    ArrayList<S2CellId> out = new ArrayList<>();
    for (S2CellId c : cells) {
      refine(cap, c, REFINE_LEVELS, out);
    }
    union.initFromCellIds(out);
    return union;
  }

  private static final int REFINE_LEVELS = 3;

  private static void refine(S2Cap cap, S2CellId cell, int levels, List<S2CellId> out) {
    S2Cell s2Cell = new S2Cell(cell);
    if (!cap.mayIntersect(s2Cell)) {
      return;
    }
    if (levels == 0 || cell.isLeaf() || cap.contains(s2Cell)) {
      out.add(cell);
      return;
    }
    for (S2CellId c = cell.childBegin(); !c.equals(cell.childEnd()); c = c.next()) {
      refine(cap, c, levels - 1, out);
    }
  }

  private static ArrayList<S2CellId> faces() {
    ArrayList<S2CellId> faces = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      faces.add(S2CellId.fromFace(f));
    }
    return faces;
  }

  /** The anchors in the cells within {@code metres} of {@code (lon, lat)}. */
  private static void anchors(
      GeoIndexReader reader,
      S2CellUnion cells,
      double lon,
      double lat,
      double metres,
      Consumer<GeoHit> out) {
    scanCells(
        reader,
        GeoIndex.ANCHOR,
        cells,
        (k, v) -> {
          ByteBuffer b = ByteBuffer.wrap(v, 1, 16);
          double pLon = b.getDouble();
          double pLat = b.getDouble();
          double d = CpuBatchAccelerator.haversine(pLon, pLat, lon, lat);
          if (d <= metres) {
            out.accept(new GeoHit(GeoIndex.documentKey(GeoIndex.ANCHOR, k), pLon, pLat, d));
          }
          return true;
        });
  }

  /**
   * Visits the entries under {@code tag} in the cells (and their descendants), adjacent cells read
   * as one range.
   */
  private static void scanCells(
      GeoIndexReader reader,
      byte tag,
      S2CellUnion cells,
      io.themisdb.engine.storage.StoreTransaction.Visitor visitor) {
    int id = reader.index().id();
    int n = cells.size();
    for (int i = 0; i < n; ) {
      long min = cells.cellId(i).rangeMin().id();
      long max = cells.cellId(i).rangeMax().id();
      i++;
      // leaf ids are odd, so the range of the next cell starts 2 after this one's last leaf
      while (i < n && cells.cellId(i).rangeMin().id() == max + 2) {
        max = cells.cellId(i).rangeMax().id();
        i++;
      }
      reader.scan(GeoIndex.cellBound(id, tag, min), GeoIndex.cellBound(id, tag, max + 1), visitor);
    }
  }
}
