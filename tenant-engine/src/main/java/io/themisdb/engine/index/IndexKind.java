package io.themisdb.engine.index;

/** What an index is for; decides which value of a document its entry holds. */
public enum IndexKind {
  /** The attribute values themselves, for equality, range and prefix lookups. */
  SORTED,
  /**
   * The expiry time of the document in epoch milliseconds, read from one attribute (see {@link
   * io.themisdb.engine.index.ttl.Expiry}); documents without a valid time are not indexed.
   */
  TTL,
  /**
   * S2 cells covering a GeoJSON geometry or {@code [lon, lat]} in one attribute, or a point from
   * latitude and longitude attributes (see {@link io.themisdb.engine.geo.GeoIndex}); only geo
   * queries use it.
   */
  GEO,
  /**
   * Nearest-neighbour search over a number array attribute, held in memory and derived from the
   * change log (see {@link VectorOptions}); it has no persistent entries.
   */
  VECTOR
}
