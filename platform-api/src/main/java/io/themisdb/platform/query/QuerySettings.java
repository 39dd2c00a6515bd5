package io.themisdb.platform.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * AQL over HTTP ({@code themis.query.*}); docs/configuration.md lists them.
 *
 * @param defaultBatchSize results per answer when the request names no {@code batchSize}
 * @param timeout how long a query may run when the request names no {@code timeoutSeconds}
 * @param maxTimeout longer {@code timeoutSeconds} are capped to this
 * @param cursorIdleTimeout a cursor no request uses this long is closed, ending its read
 *     transaction
 * @param maxCursorsPerTenant cursors one tenant may hold open at once
 */
@ConfigurationProperties("themis.query")
public record QuerySettings(
    @DefaultValue("1000") int defaultBatchSize,
    @DefaultValue("60s") Duration timeout,
    @DefaultValue("5m") Duration maxTimeout,
    @DefaultValue("30s") Duration cursorIdleTimeout,
    @DefaultValue("16") int maxCursorsPerTenant) {}
