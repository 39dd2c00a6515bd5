-- Hourly usage rows written by io.themisdb.billing.metering.jdbc.JdbcUsageTable (upsert-add).
-- platform-api's Flyway migration copies this file; it runs on both H2 and PostgreSQL.
CREATE TABLE usage_hourly (
    tenant_id    VARCHAR(64)              NOT NULL,
    usage_hour   TIMESTAMP WITH TIME ZONE NOT NULL,
    read_units   BIGINT                   NOT NULL,
    write_units  BIGINT                   NOT NULL,
    gpu_ms       BIGINT                   NOT NULL,
    stored_bytes BIGINT,
    PRIMARY KEY (tenant_id, usage_hour)
);
