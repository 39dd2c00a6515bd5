package io.themisdb.billing.quota;

import io.themisdb.billing.quota.memory.InMemoryRateLimiterFactory;

class InMemoryRateLimiterTest extends RateLimiterContract {

  @Override
  protected RateLimiter open() {
    return RateLimiterFactory.byId(InMemoryRateLimiterFactory.ID)
        .create(RateLimiterSettings.defaults());
  }
}
