package io.themisdb.billing.violation;

/** Fixture: a class of another module for the architecture-rule tests to trip over. */
public record Invoice(long amountMinor) {}
