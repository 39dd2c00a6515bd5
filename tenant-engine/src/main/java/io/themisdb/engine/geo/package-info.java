/**
 * Geo values and the geo index: GeoJSON geometries parsed into S2 shapes on the unit sphere (so the
 * antimeridian and the poles need no special cases), exact predicates between them, index entries
 * keyed by S2 cell ids, and searches (within a radius, nearest first, intersecting a region) that
 * read candidates from cell ranges and check each exactly.
 */
package io.themisdb.engine.geo;
