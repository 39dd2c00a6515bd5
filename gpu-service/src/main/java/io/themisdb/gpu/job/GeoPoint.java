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
}
