package io.themisdb.gpu.accelerator.cuda;

import io.themisdb.gpu.accelerator.cpu.GeoKernels;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.util.List;

/**
 * The geo jobs of {@link CudaAccelerator}: one device thread per pair or point, in double precision
 * (geo.cu). Every allocation is freed before a call returns.
 */
final class CudaGeoKernels {

  private static final int GEO_THREADS = 256;

  private final CudaDevice device;

  CudaGeoKernels(CudaDevice device) {
    this.device = device;
  }

  DistanceMatrix haversine(HaversineJob job) {
    int nf = job.from().size();
    int nt = job.to().size();
    double[] metres = new double[nf * nt];
    device.makeCurrent();
    try (var fromLat = DeviceBuffer.of(latitudes(job.from()), "from latitudes");
        var fromLon = DeviceBuffer.of(longitudes(job.from()), "from longitudes");
        var toLat = DeviceBuffer.of(latitudes(job.to()), "to latitudes");
        var toLon = DeviceBuffer.of(longitudes(job.to()), "to longitudes");
        var out = DeviceBuffer.allocate(8L * nf * nt, "haversine matrix")) {
      device.launch(
          "haversine_matrix",
          device.haversineMatrix,
          CudaAccelerator.ceilDiv(nf * nt, GEO_THREADS),
          1,
          GEO_THREADS,
          1,
          0,
          fromLat.pointer,
          fromLon.pointer,
          nf,
          toLat.pointer,
          toLon.pointer,
          nt,
          out.pointer);
      out.copyTo(metres);
    }
    return new DistanceMatrix(nf, nt, metres);
  }

  RadiusMatches withinRadius(WithinRadiusJob job) {
    int n = job.points().size();
    byte[] inside = new byte[n];
    device.makeCurrent();
    try (var lat = DeviceBuffer.of(latitudes(job.points()), "latitudes");
        var lon = DeviceBuffer.of(longitudes(job.points()), "longitudes");
        var flags = DeviceBuffer.allocate(n, "within-radius flags")) {
      device.launch(
          "within_radius",
          device.withinRadius,
          CudaAccelerator.ceilDiv(n, GEO_THREADS),
          1,
          GEO_THREADS,
          1,
          0,
          job.centre().latitude(),
          job.centre().longitude(),
          lat.pointer,
          lon.pointer,
          n,
          job.radiusMetres(),
          flags.pointer);
      flags.copyTo(inside);
    }
    int count = 0;
    for (byte flag : inside) {
      count += flag;
    }
    int[] indices = new int[count];
    for (int i = 0, j = 0; i < n; i++) {
      if (inside[i] != 0) {
        indices[j++] = i;
      }
    }
    return new RadiusMatches(indices);
  }

  Containment pointInPolygon(PointInPolygonJob job) {
    var polygon = GeoKernels.FlatPolygon.of(job.polygon());
    int rings = polygon.xs().length;
    int[] ringStart = new int[rings + 1];
    for (int r = 0; r < rings; r++) {
      ringStart[r + 1] = ringStart[r] + polygon.xs()[r].length;
    }
    double[] ringX = new double[ringStart[rings]];
    double[] ringY = new double[ringStart[rings]];
    for (int r = 0; r < rings; r++) {
      System.arraycopy(polygon.xs()[r], 0, ringX, ringStart[r], polygon.xs()[r].length);
      System.arraycopy(polygon.ys()[r], 0, ringY, ringStart[r], polygon.ys()[r].length);
    }
    int n = job.points().size();
    byte[] flags = new byte[n];
    device.makeCurrent();
    try (var x = DeviceBuffer.of(longitudes(job.points()), "longitudes");
        var y = DeviceBuffer.of(latitudes(job.points()), "latitudes");
        var rx = DeviceBuffer.of(ringX, "ring longitudes");
        var ry = DeviceBuffer.of(ringY, "ring latitudes");
        var starts = DeviceBuffer.of(ringStart, "ring starts");
        var out = DeviceBuffer.allocate(n, "containment flags")) {
      device.launch(
          "point_in_polygon",
          device.pointInPolygon,
          CudaAccelerator.ceilDiv(n, GEO_THREADS),
          1,
          GEO_THREADS,
          1,
          0,
          x.pointer,
          y.pointer,
          n,
          rx.pointer,
          ry.pointer,
          starts.pointer,
          rings,
          polygon.minX(),
          polygon.maxX(),
          polygon.minY(),
          polygon.maxY(),
          out.pointer);
      out.copyTo(flags);
    }
    boolean[] inside = new boolean[n];
    for (int i = 0; i < n; i++) {
      inside[i] = flags[i] != 0;
    }
    return new Containment(inside);
  }

  private static double[] latitudes(List<GeoPoint> points) {
    return points.stream().mapToDouble(GeoPoint::latitude).toArray();
  }

  private static double[] longitudes(List<GeoPoint> points) {
    return points.stream().mapToDouble(GeoPoint::longitude).toArray();
  }
}
