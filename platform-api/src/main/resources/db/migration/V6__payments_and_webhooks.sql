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

-- Outbound webhooks to tenants (Standard Webhooks). An endpoint's whsec_ secret is sealed with the
-- platform master key (AES-GCM, the endpoint id as associated data), never stored in the clear.
CREATE TABLE webhook_endpoints (
    id                   UUID                     PRIMARY KEY,
    tenant_id            UUID                     NOT NULL REFERENCES tenants (id),
    url                  VARCHAR(2048)            NOT NULL,
    event_types          VARCHAR(1000)            NOT NULL,
    sealed_secret        VARCHAR(512)             NOT NULL,
    enabled              BOOLEAN                  NOT NULL,
    consecutive_failures INTEGER DEFAULT 0        NOT NULL,
    disabled_reason      VARCHAR(200),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id);

-- The transactional outbox: a message is written in the transaction of what it reports, with one
-- delivery per subscribed endpoint, so that no event is lost when the process stops.
CREATE TABLE webhook_messages (
    id         VARCHAR(64)              PRIMARY KEY,
    tenant_id  UUID                     NOT NULL REFERENCES tenants (id),
    event_type VARCHAR(64)              NOT NULL,
    payload    TEXT                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- status: PENDING (next_attempt_at says when), SUCCEEDED, or FAILED (retries exhausted or the
-- endpoint disabled). failures counts consecutive failures since the last (re)delivery.
CREATE TABLE webhook_deliveries (
    id               UUID                     PRIMARY KEY,
    message_id       VARCHAR(64)              NOT NULL REFERENCES webhook_messages (id),
    endpoint_id      UUID                     NOT NULL REFERENCES webhook_endpoints (id),
    status           VARCHAR(16)              NOT NULL,
    attempts         INTEGER DEFAULT 0        NOT NULL,
    failures         INTEGER DEFAULT 0        NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

-- The delivery log: one row per attempt. retry_delay_ms is the wait chosen after a failure.
CREATE TABLE webhook_attempts (
    delivery_id    UUID                     NOT NULL REFERENCES webhook_deliveries (id),
    attempt        INTEGER                  NOT NULL,
    attempted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code    INTEGER,
    error          VARCHAR(500),
    duration_ms    BIGINT                   NOT NULL,
    retry_delay_ms BIGINT,
    PRIMARY KEY (delivery_id, attempt)
);

-- A tenant's spend controls, in its plan's minor units (0 = not set). alerted_period and
-- capped_period are the month (YYYY-MM) in which the month-to-date estimate last reached the
-- alert threshold (usage.threshold_reached sent once per month) and the spend cap.
CREATE TABLE spend_controls (
    tenant_id             UUID                     PRIMARY KEY REFERENCES tenants (id),
    alert_threshold_minor BIGINT                   NOT NULL,
    spend_cap_minor       BIGINT                   NOT NULL,
    alerted_period        CHAR(7),
    capped_period         CHAR(7),
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
