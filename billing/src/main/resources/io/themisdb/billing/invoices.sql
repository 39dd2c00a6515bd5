-- Finalised invoices written by io.themisdb.billing.invoice.jdbc.JdbcInvoiceStore; one per tenant
-- and period, never updated. platform-api's Flyway migration copies this file; it runs on both H2
-- and PostgreSQL.
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
