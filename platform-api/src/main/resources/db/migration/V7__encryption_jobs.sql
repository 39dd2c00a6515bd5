-- Encryption jobs (#6): the records behind /v1/keys/jobs, so that they and unfinished passes
-- survive a restart. Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL). The engine keeps
-- its own per-collection checkpoints; these rows say which passes to resume and what they did.
CREATE TABLE encryption_jobs (
    id          UUID                     PRIMARY KEY,
    tenant_id   UUID                     NOT NULL REFERENCES tenants (id),
    kind        VARCHAR(16)              NOT NULL CHECK (kind IN ('ENCRYPT', 'REENCRYPT')),
    state       VARCHAR(16)              NOT NULL CHECK (state IN ('RUNNING', 'FINISHED', 'FAILED')),
    key_version INTEGER                  NOT NULL,
    -- A rotation or policy change arrived while the job ran: one more round is owed.
    rerun       BOOLEAN DEFAULT FALSE    NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    failure     VARCHAR(200),
    -- Per collection progress as a JSON array, last saved at a checkpoint.
    progress    TEXT                     NOT NULL
);

CREATE INDEX encryption_jobs_tenant ON encryption_jobs (tenant_id, started_at);
CREATE INDEX encryption_jobs_state ON encryption_jobs (state);
