package io.themisdb.gpu.job;

/**
 * A point on the WGS84 sphere in degrees.
 *
 * @param latitude -90 to 90
 * @param longitude -180 to 180
 */
public record GeoPoint(double latitude, double longitude) {

  /** Mean Earth radius (IUGG) in metres, used by every haversine distance here. */
  public static final double EARTH_RADIUS_METRES = 6_371_008.8;

  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new InvalidJobException("latitude must be in [-90, 90], was " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new InvalidJobException("longitude must be in [-180, 180], was " + longitude);
    }
  }

  /**
   * Points from {@code lon, lat} pairs in degrees (GeoJSON order, as the HTTP API and the engine
   * hand them over).
   *
   * @throws InvalidJobException for an odd number of values or a coordinate out of range
   */
  public static java.util.List<GeoPoint> fromLonLatPairs(double[] pairs, String field) {
    if (pairs == null || pairs.length % 2 != 0) {
      throw new InvalidJobException(
          field
              + " must hold lon, lat pairs, held "
              + (pairs == null ? "nothing" : pairs.length + " values"));
    }
    var points = new java.util.ArrayList<GeoPoint>(pairs.length / 2);
    for (int i = 0; i < pairs.length; i += 2) {
      points.add(new GeoPoint(pairs[i + 1], pairs[i]));
    }
    return points;
  }
}
