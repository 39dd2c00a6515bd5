package io.themisdb.gpu.job;

/** What a {@link Job} yields; one record per job kind. */
public sealed interface JobResult permits KnnResult, DistanceMatrix, RadiusMatches, Containment {}
