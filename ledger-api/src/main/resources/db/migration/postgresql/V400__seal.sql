-- The seal (docs/integrity.md): the Merkle log of every recorded event and its signed checkpoints.
-- Leaves, subtree hashes and checkpoints are append-only, like the events they commit to; the one
-- state row is the seal's lock and its right edge.

CREATE TABLE seal_leaf (
    leaf_index BIGINT PRIMARY KEY,
    position   BIGINT NOT NULL,
    leaf_hash  BYTEA  NOT NULL,
    CONSTRAINT seal_leaf_position_key UNIQUE (position)
);

-- The hash of every completed perfect subtree above the leaves: level L, index i covers the leaves
-- [i * 2^L, (i + 1) * 2^L).
CREATE TABLE seal_node (
    level      SMALLINT NOT NULL,
    node_index BIGINT   NOT NULL,
    hash       BYTEA    NOT NULL,
    PRIMARY KEY (level, node_index)
);

CREATE TABLE seal_checkpoint (
    tree_size     BIGINT      PRIMARY KEY,
    root_hash     BYTEA       NOT NULL,
    signed_at     VARCHAR(40) NOT NULL,
    key_id        VARCHAR(16) NOT NULL,
    signature     VARCHAR(88) NOT NULL,
    last_position BIGINT      NOT NULL
);

CREATE TABLE seal_state (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    tree_size            BIGINT  NOT NULL,
    last_position        BIGINT  NOT NULL,
    frontier             BYTEA   NOT NULL,
    last_checkpoint_size BIGINT  NOT NULL,
    last_checkpoint_at   BIGINT  NOT NULL
);
INSERT INTO seal_state (id, tree_size, last_position, frontier, last_checkpoint_size, last_checkpoint_at)
VALUES (1, 0, 0, ''::bytea, 0, 0);

CREATE TRIGGER seal_leaf_append_only
    BEFORE UPDATE OR DELETE ON seal_leaf FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER seal_leaf_no_truncate
    BEFORE TRUNCATE ON seal_leaf FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER seal_node_append_only
    BEFORE UPDATE OR DELETE ON seal_node FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER seal_node_no_truncate
    BEFORE TRUNCATE ON seal_node FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER seal_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON seal_checkpoint FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER seal_checkpoint_no_truncate
    BEFORE TRUNCATE ON seal_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
