-- Payments and webhooks (#7). Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL).

-- Payment provider events already processed, by the provider's event id: the primary key makes
-- processing exactly once, even when the provider delivers an event twice at the same time.
CREATE TABLE payment_events (
    event_id     VARCHAR(255)             PRIMARY KEY,
    provider     VARCHAR(16)              NOT NULL,
    event_type   VARCHAR(100)             NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A tenant's account at the payment provider ('stripe', or 'test' for the built-in test
-- provider that takes no money). past_due_since starts the grace period after a failed payment;
-- suspended_for_payment marks a suspension that a paid invoice lifts (an operator's does not).
CREATE TABLE payment_accounts (
    tenant_id             UUID                     PRIMARY KEY REFERENCES tenants (id),
    provider              VARCHAR(16)              NOT NULL,
    customer_id           VARCHAR(255)             UNIQUE,
    subscription_id       VARCHAR(255),
    status                VARCHAR(32)              NOT NULL,
    past_due_since        TIMESTAMP WITH TIME ZONE,
    suspended_for_payment BOOLEAN DEFAULT FALSE    NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
