/**
 * Plans and prices as values: {@link io.themisdb.billing.plan.Plans} is the catalogue, {@link
 * io.themisdb.billing.plan.Plan} one entry. Amounts are integer minor units.
 */
package io.themisdb.billing.plan;
