/**
 * Key rotation follow-up: the throttled, resumable job that re-encrypts stored values under the
 * primary key version, its checkpoints and its throttle. Rotation itself, version status changes
 * and KEK re-wrapping are operations of {@code TenantKeys}.
 */
package io.themisdb.encryption.rotation;
