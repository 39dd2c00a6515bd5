/**
 * Usage metering: {@link io.themisdb.billing.metering.UsageMeter} counts read units, write units,
 * GPU milliseconds and stored-bytes samples per tenant and hour in memory and flushes hourly rows
 * to a {@link io.themisdb.billing.metering.UsageSink}; {@link
 * io.themisdb.billing.metering.UnitRules} says what a request costs.
 */
package io.themisdb.billing.metering;
