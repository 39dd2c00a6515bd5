-- Control plane, first cut: plans, tenants, users and who belongs to which tenant.
-- Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL): keep to the SQL both understand.

-- Money is integer minor units of the plan's currency; limits are per tenant.
CREATE TABLE plans (
    id                            VARCHAR(32)  PRIMARY KEY,
    display_name                  VARCHAR(100) NOT NULL,
    currency                      CHAR(3)      NOT NULL,
    monthly_fee_minor             BIGINT       NOT NULL CHECK (monthly_fee_minor >= 0),
    per_million_reads_minor       BIGINT       NOT NULL CHECK (per_million_reads_minor >= 0),
    per_million_writes_minor      BIGINT       NOT NULL CHECK (per_million_writes_minor >= 0),
    per_gb_month_minor            BIGINT       NOT NULL CHECK (per_gb_month_minor >= 0),
    -- Per GPU-hour, not per GPU-second: one cent per second would be 36 dollars an hour, so whole
    -- minor units per second cannot express a real price.
    per_gpu_hour_minor            BIGINT       NOT NULL CHECK (per_gpu_hour_minor >= 0),
    burst_requests                INTEGER      NOT NULL CHECK (burst_requests > 0),
    burst_window_seconds          INTEGER      NOT NULL CHECK (burst_window_seconds > 0),
    sustained_requests            INTEGER      NOT NULL CHECK (sustained_requests > 0),
    sustained_window_seconds      INTEGER      NOT NULL CHECK (sustained_window_seconds > 0),
    storage_cap_bytes             BIGINT       NOT NULL CHECK (storage_cap_bytes > 0),
    collection_cap                INTEGER      NOT NULL CHECK (collection_cap > 0),
    gpu_jobs_per_minute           INTEGER      NOT NULL CHECK (gpu_jobs_per_minute >= 0),
    -- Share of the GPU scheduler's deficit round robin.
    gpu_weight                    INTEGER      NOT NULL CHECK (gpu_weight > 0),
    -- Offered at signup; unlisted plans are assigned by an operator.
    listed                        BOOLEAN      NOT NULL DEFAULT TRUE
);

CREATE TABLE tenants (
    id            UUID                     PRIMARY KEY,
    slug          VARCHAR(63)              NOT NULL UNIQUE,
    display_name  VARCHAR(200)             NOT NULL,
    status        VARCHAR(16)              NOT NULL
                  CHECK (status IN ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'DELETED')),
    plan_id       VARCHAR(32)              NOT NULL REFERENCES plans (id),
    -- The node whose EngineHost holds this tenant's database (scaled-out shape); null = unplaced.
    engine_node   VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE users (
    id                 UUID                     PRIMARY KEY,
    email              VARCHAR(320)             NOT NULL,
    -- Lower-cased email: the login and the uniqueness key.
    email_normalized   VARCHAR(320)             NOT NULL UNIQUE,
    password_hash      VARCHAR(255)             NOT NULL,
    display_name       VARCHAR(200),
    -- Platform-wide role; tenant roles live in tenant_memberships.
    platform_role      VARCHAR(16)              CHECK (platform_role IN ('OPERATOR')),
    status             VARCHAR(16)              NOT NULL
                       CHECK (status IN ('PENDING', 'ACTIVE', 'DISABLED')),
    email_verified_at  TIMESTAMP WITH TIME ZONE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tenant_memberships (
    tenant_id   UUID                     NOT NULL REFERENCES tenants (id),
    user_id     UUID                     NOT NULL REFERENCES users (id),
    role        VARCHAR(16)              NOT NULL
                CHECK (role IN ('OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER')),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE INDEX tenant_memberships_by_user ON tenant_memberships (user_id);
CREATE INDEX tenants_by_status ON tenants (status);

INSERT INTO plans (id, display_name, currency, monthly_fee_minor,
                   per_million_reads_minor, per_million_writes_minor, per_gb_month_minor,
                   per_gpu_hour_minor, burst_requests, burst_window_seconds,
                   sustained_requests, sustained_window_seconds, storage_cap_bytes,
                   collection_cap, gpu_jobs_per_minute, gpu_weight, listed)
VALUES
    ('free',       'Free',       'USD',     0,   0,   0,   0,    0,    50,  1,    1000, 3600,
     536870912,      10,   10,  1, TRUE),
    ('developer',  'Developer',  'USD',  1900,  25, 125,  25,  300,   200,  1,   20000, 3600,
     10737418240,    50,  120,  2, TRUE),
    ('pro',        'Pro',        'USD',  9900,  20, 100,  20,  250,  1000,  1,  200000, 3600,
     107374182400,  200,  600,  4, TRUE),
    ('enterprise', 'Enterprise', 'USD', 49900,  15,  75,  15,  200,  5000,  1, 2000000, 3600,
     1099511627776, 1000, 3000, 8, FALSE);
