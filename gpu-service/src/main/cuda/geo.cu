// Geo kernels for the CUDA accelerator (#9), in double precision. Built with --fmad=false so
// that additions and multiplications round exactly as Java's do: point-in-polygon then gives
// the CPU accelerator's answer bit for bit, and haversine differs only by the last ulps of the
// device's sin/cos/asin.

// Mean Earth radius (IUGG) in metres, as GeoPoint.EARTH_RADIUS_METRES.
#define EARTH_RADIUS_METRES 6371008.8
// Java's Math.toRadians factor.
#define DEGREES_TO_RADIANS 0.017453292519943295

__device__ double haversine_metres(double lat1, double lon1, double lat2, double lon2) {
  const double phi1 = lat1 * DEGREES_TO_RADIANS;
  const double phi2 = lat2 * DEGREES_TO_RADIANS;
  const double sinDPhi = sin((phi2 - phi1) * 0.5);
  const double sinDLambda = sin(((lon2 - lon1) * DEGREES_TO_RADIANS) * 0.5);
  const double h = sinDPhi * sinDPhi + cos(phi1) * cos(phi2) * sinDLambda * sinDLambda;
  return 2 * EARTH_RADIUS_METRES * asin(sqrt(fmin(1.0, h)));
}

// out[f * nt + t] = metres from point f of `from` to point t of `to`; one thread per pair
// (nf * nt is at most HaversineJob.MAX_PAIRS, so an int indexes it). Grid: ceil(nf * nt / block).
extern "C" __global__ void haversine_matrix(const double *fromLat, const double *fromLon, int nf,
                                            const double *toLat, const double *toLon, int nt,
                                            double *out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < nf * nt) {
    const int f = i / nt;
    const int t = i - f * nt;
    out[i] = haversine_metres(fromLat[f], fromLon[f], toLat[t], toLon[t]);
  }
}

// inside[i] = 1 when point i is within radiusMetres of the centre, else 0.
extern "C" __global__ void within_radius(double centreLat, double centreLon, const double *lat,
                                         const double *lon, int n, double radiusMetres,
                                         unsigned char *inside) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    inside[i] = haversine_metres(centreLat, centreLon, lat[i], lon[i]) <= radiusMetres ? 1 : 0;
  }
}

// Even-odd ray casting over every ring (shell first, then holes), as GeoKernels.FlatPolygon:
// ring r holds vertices [ringStart[r], ringStart[r + 1]) of ringX (longitude) / ringY (latitude).
extern "C" __global__ void point_in_polygon(const double *x, const double *y, int n,
                                            const double *ringX, const double *ringY,
                                            const int *ringStart, int rings, double minX,
                                            double maxX, double minY, double maxY,
                                            unsigned char *inside) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= n) {
    return;
  }
  const double px = x[p];
  const double py = y[p];
  if (px < minX || px > maxX || py < minY || py > maxY) {
    inside[p] = 0;
    return;
  }
  bool in = false;
  for (int r = 0; r < rings; r++) {
    const int first = ringStart[r];
    const int count = ringStart[r + 1] - first;
    for (int i = 0, j = count - 1; i < count; j = i++) {
      const double xi = ringX[first + i], yi = ringY[first + i];
      const double xj = ringX[first + j], yj = ringY[first + j];
      if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) {
        in = !in;
      }
    }
  }
  inside[p] = in ? 1 : 0;
}
