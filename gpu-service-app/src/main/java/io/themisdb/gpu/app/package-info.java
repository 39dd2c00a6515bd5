/**
 * The GPU service as its own Spring Boot application: an HTTP API over {@link
 * io.themisdb.gpu.BatchScheduler} for platform-api's remote client, authenticated by a shared
 * bearer secret, with health, queue view and Micrometer metrics. See docs/gpu-service.md.
 */
package io.themisdb.gpu.app;
