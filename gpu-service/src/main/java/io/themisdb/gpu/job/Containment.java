package io.themisdb.gpu.job;

/** {@code inside[i]} says whether point {@code i} of the job lies inside the polygon. */
public record Containment(boolean[] inside) implements JobResult {}
