package io.themisdb.platform.graphs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the graph endpoints ({@code themis.graph.*}); docs/configuration.md lists them.
 *
 * @param maxResults the most paths, ranks or components one answer holds
 * @param maxMemoryBytes what one traversal or path search may keep in memory
 * @param maxVertices the most vertices PageRank or connected components may load
 * @param maxEdges the most edges PageRank or connected components may load
 */
@ConfigurationProperties("themis.graph")
public record GraphSettings(
    @DefaultValue("1000") int maxResults,
    @DefaultValue("67108864") long maxMemoryBytes,
    @DefaultValue("100000") int maxVertices,
    @DefaultValue("1000000") long maxEdges) {}
