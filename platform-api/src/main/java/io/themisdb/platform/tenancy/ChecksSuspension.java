package io.themisdb.platform.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a /v1 operation that is not a {@code GET} yet may only read, such as an AQL query sent by
 * {@code POST}: a suspended tenant is let through, and the operation itself refuses what writes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChecksSuspension {}
