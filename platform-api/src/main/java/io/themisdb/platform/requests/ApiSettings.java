package io.themisdb.platform.requests;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and choices of the /v1 API ({@code themis.api.*}); docs/configuration.md lists them.
 *
 * @param maxRequestSize largest request body; larger ones answer 413 {@code payload-too-large}
 *     before they are parsed
 * @param syncIndexBuildMaxDocuments an index on a collection of at most this many documents is
 *     built before the create call answers (201); larger ones build in the background (202)
 */
@ConfigurationProperties("themis.api")
public record ApiSettings(
    @DefaultValue("8MB") DataSize maxRequestSize,
    @DefaultValue("10000") long syncIndexBuildMaxDocuments) {}
