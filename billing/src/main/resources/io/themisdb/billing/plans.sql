-- Plan catalogue of the control plane. platform-api's Flyway migration copies this file; it runs on
-- both H2 and PostgreSQL. Amounts are integer minor units of currency; PlansSeedTest checks that the
-- rows equal io.themisdb.billing.plan.Plans.standard().
CREATE TABLE plans (
    code                    VARCHAR(32)  PRIMARY KEY,
    display_name            VARCHAR(64)  NOT NULL,
    burst_name              VARCHAR(32)  NOT NULL,
    burst_quota             BIGINT       NOT NULL,
    burst_window_s          BIGINT       NOT NULL,
    sustained_name          VARCHAR(32)  NOT NULL,
    sustained_quota         BIGINT       NOT NULL,
    sustained_window_s      BIGINT       NOT NULL,
    storage_bytes           BIGINT       NOT NULL,
    collections             INTEGER      NOT NULL,
    gpu_jobs_per_minute     INTEGER      NOT NULL,
    currency                CHAR(3)      NOT NULL,
    monthly_base_fee        BIGINT       NOT NULL,
    per_million_read_units  BIGINT       NOT NULL,
    per_million_write_units BIGINT       NOT NULL,
    per_gb_month            BIGINT       NOT NULL,
    per_gpu_second          BIGINT       NOT NULL
);

INSERT INTO plans VALUES
    ('free',       'Free',       'burst', 10,   1, 'sustained', 1000,    3600, 536870912,     10,    0,   'EUR', 0,     0,  0,   0,  0),
    ('developer',  'Developer',  'burst', 50,   1, 'sustained', 20000,   3600, 10737418240,   100,   10,  'EUR', 1900,  25, 125, 25, 2),
    ('pro',        'Pro',        'burst', 200,  1, 'sustained', 200000,  3600, 107374182400,  1000,  60,  'EUR', 9900,  20, 100, 20, 1),
    ('enterprise', 'Enterprise', 'burst', 1000, 1, 'sustained', 2000000, 3600, 2199023255552, 10000, 600, 'EUR', 49900, 15, 75,  15, 1);
