package io.themisdb.engine.geo;

/**
 * One document a geo search found: its key, the point distances are measured from (the document's
 * point, or its shape's centroid) in degrees, and the great-circle distance in metres from the
 * search's centre (NaN for searches without one).
 */
public record GeoHit(String key, double lon, double lat, double distanceMetres) {}
