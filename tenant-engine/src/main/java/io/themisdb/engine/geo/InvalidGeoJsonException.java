package io.themisdb.engine.geo;

/** A value that is not a GeoJSON geometry or {@code [lon, lat]} pair this engine understands. */
public final class InvalidGeoJsonException extends IllegalArgumentException {
  public InvalidGeoJsonException(String message) {
    super(message);
  }
}
