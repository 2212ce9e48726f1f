-- API keys: only a SHA-256 digest of each secret is kept (the secrets are 256 random bits, so a fast
-- digest is enough; a slow password hash would put its cost on every request). Revoked keys stay
-- listed, with the time they were revoked.
CREATE TABLE api_key (
    id          UUID PRIMARY KEY,
    name        VARCHAR(200)             NOT NULL,
    role        VARCHAR(16)              NOT NULL,
    secret_hash VARCHAR(64)              NOT NULL,
    prefix      VARCHAR(16)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(200),
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_key_secret_hash_key UNIQUE (secret_hash)
);
