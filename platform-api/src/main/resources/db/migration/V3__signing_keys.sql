-- JWT signing keys of the authorization server. The private key is stored sealed (AES-GCM under
-- the platform master key), never in the clear; the public JWK is published in the JWKS.
CREATE TABLE signing_keys (
    kid                  VARCHAR(64)              PRIMARY KEY,
    public_jwk           VARCHAR(4000)            NOT NULL,
    sealed_private_key   VARCHAR(8000)            NOT NULL,
    -- CURRENT signs new tokens; PREVIOUS still verifies tokens signed before the last rotation.
    status               VARCHAR(16)              NOT NULL
                         CHECK (status IN ('CURRENT', 'PREVIOUS', 'RETIRED')),
    -- 'x' on the CURRENT key, NULL elsewhere: the unique constraint lets two replicas that
    -- generate a first key at once store only one (H2 has no partial unique indexes).
    current_slot         CHAR(1)                  UNIQUE CHECK (current_slot = 'x'),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at           TIMESTAMP WITH TIME ZONE
);
