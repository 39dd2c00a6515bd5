-- Billing (#7): the billing module's catalogue, subscriptions, hourly usage and invoices.
-- Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL).

-- The plans table of V1 is the catalogue; it takes the billing module's values
-- (io/themisdb/billing/plans.sql, Plans.standard()) instead of a second plans table. The price of
-- GPU time is per second there; per_gpu_hour_minor is kept equal to 3600 times that.
ALTER TABLE plans ADD COLUMN per_gpu_second_minor BIGINT DEFAULT 0 NOT NULL;

UPDATE plans SET currency = 'EUR', monthly_fee_minor = 0, per_million_reads_minor = 0,
    per_million_writes_minor = 0, per_gb_month_minor = 0, per_gpu_second_minor = 0,
    per_gpu_hour_minor = 0, burst_requests = 10, burst_window_seconds = 1,
    sustained_requests = 1000, sustained_window_seconds = 3600, storage_cap_bytes = 536870912,
    collection_cap = 10, gpu_jobs_per_minute = 0
  WHERE id = 'free';
UPDATE plans SET currency = 'EUR', monthly_fee_minor = 1900, per_million_reads_minor = 25,
    per_million_writes_minor = 125, per_gb_month_minor = 25, per_gpu_second_minor = 2,
    per_gpu_hour_minor = 7200, burst_requests = 50, burst_window_seconds = 1,
    sustained_requests = 20000, sustained_window_seconds = 3600, storage_cap_bytes = 10737418240,
    collection_cap = 100, gpu_jobs_per_minute = 10
  WHERE id = 'developer';
UPDATE plans SET currency = 'EUR', monthly_fee_minor = 9900, per_million_reads_minor = 20,
    per_million_writes_minor = 100, per_gb_month_minor = 20, per_gpu_second_minor = 1,
    per_gpu_hour_minor = 3600, burst_requests = 200, burst_window_seconds = 1,
    sustained_requests = 200000, sustained_window_seconds = 3600, storage_cap_bytes = 107374182400,
    collection_cap = 1000, gpu_jobs_per_minute = 60
  WHERE id = 'pro';
UPDATE plans SET currency = 'EUR', monthly_fee_minor = 49900, per_million_reads_minor = 15,
    per_million_writes_minor = 75, per_gb_month_minor = 15, per_gpu_second_minor = 1,
    per_gpu_hour_minor = 3600, burst_requests = 1000, burst_window_seconds = 1,
    sustained_requests = 2000000, sustained_window_seconds = 3600,
    storage_cap_bytes = 2199023255552, collection_cap = 10000, gpu_jobs_per_minute = 600
  WHERE id = 'enterprise';

-- A tenant's subscription history: tenants.plan_id is the plan in force now, each row here the
-- instant a plan took effect (signup, then every change), which invoices prorate by.
CREATE TABLE subscription_changes (
    tenant_id     UUID                     NOT NULL REFERENCES tenants (id),
    plan_id       VARCHAR(32)              NOT NULL REFERENCES plans (id),
    effective_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, effective_at)
);

INSERT INTO subscription_changes (tenant_id, plan_id, effective_at)
  SELECT id, plan_id, created_at FROM tenants;

-- Copied from io/themisdb/billing/usage_hourly.sql (JdbcUsageTable). tenant_id is the tenant's
-- UUID as text: the billing module knows tenants only by string id.
CREATE TABLE usage_hourly (
    tenant_id    VARCHAR(64)              NOT NULL,
    usage_hour   TIMESTAMP WITH TIME ZONE NOT NULL,
    read_units   BIGINT                   NOT NULL,
    write_units  BIGINT                   NOT NULL,
    gpu_ms       BIGINT                   NOT NULL,
    stored_bytes BIGINT,
    PRIMARY KEY (tenant_id, usage_hour)
);

-- Copied from io/themisdb/billing/invoices.sql (JdbcInvoiceStore): finalised, never updated.
CREATE TABLE invoices (
    tenant_id               VARCHAR(64)              NOT NULL,
    billing_period          CHAR(7)                  NOT NULL,
    currency                CHAR(3)                  NOT NULL,
    total_minor             BIGINT                   NOT NULL,
    alert_threshold_reached BOOLEAN                  NOT NULL,
    spend_cap_reached       BOOLEAN                  NOT NULL,
    finalized_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, billing_period)
);

CREATE TABLE invoice_lines (
    tenant_id        VARCHAR(64)    NOT NULL,
    billing_period   CHAR(7)        NOT NULL,
    line_no          INTEGER        NOT NULL,
    kind             VARCHAR(16)    NOT NULL,
    plan_code        VARCHAR(32)    NOT NULL,
    quantity         NUMERIC(30, 6) NOT NULL,
    unit             VARCHAR(16)    NOT NULL,
    unit_price_minor BIGINT         NOT NULL,
    amount_minor     BIGINT         NOT NULL,
    PRIMARY KEY (tenant_id, billing_period, line_no),
    FOREIGN KEY (tenant_id, billing_period) REFERENCES invoices (tenant_id, billing_period)
);
