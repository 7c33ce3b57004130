-- Every key the seal has signed with, so that checkpoints signed before a key rotation still verify
-- (each checkpoint names its key_id) and GET /api/v1/ledger/public-keys can list them. A node
-- registers its key when it starts; keys are never removed.
CREATE TABLE seal_key (
    key_id         VARCHAR(16)  NOT NULL PRIMARY KEY,
    public_key_pem VARCHAR(512) NOT NULL,
    registered_at  VARCHAR(40)  NOT NULL
);
