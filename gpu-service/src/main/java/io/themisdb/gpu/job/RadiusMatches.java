package io.themisdb.gpu.job;

/** Indices (into the job's points, ascending) of the points within the radius. */
public record RadiusMatches(int[] indices) implements JobResult {}
