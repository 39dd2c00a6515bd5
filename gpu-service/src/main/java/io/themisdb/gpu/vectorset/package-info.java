/**
 * Tenants' vector sets, uploaded once, kept resident under a shared memory budget (LRU across
 * tenants) and updated by deltas that follow the engine's change log.
 */
package io.themisdb.gpu.vectorset;
