-- The seal (docs/integrity.md): the Merkle log of every recorded event and its signed checkpoints.
-- Same tables as db/projection/postgresql; hashes are VARBINARY. Leaves, subtree hashes and
-- checkpoints are append-only, like the events they commit to.

CREATE TABLE seal_leaf (
    leaf_index BIGINT PRIMARY KEY,
    position   BIGINT        NOT NULL,
    leaf_hash  VARBINARY(32) NOT NULL,
    CONSTRAINT seal_leaf_position_key UNIQUE (position)
);

CREATE TABLE seal_node (
    level      SMALLINT      NOT NULL,
    node_index BIGINT        NOT NULL,
    hash       VARBINARY(32) NOT NULL,
    PRIMARY KEY (level, node_index)
);

CREATE TABLE seal_checkpoint (
    tree_size     BIGINT        PRIMARY KEY,
    root_hash     VARBINARY(32) NOT NULL,
    signed_at     VARCHAR(40)   NOT NULL,
    key_id        VARCHAR(16)   NOT NULL,
    signature     VARCHAR(88)   NOT NULL,
    last_position BIGINT        NOT NULL
);

CREATE TABLE seal_state (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    tree_size            BIGINT          NOT NULL,
    last_position        BIGINT          NOT NULL,
    frontier             VARBINARY(2048) NOT NULL,
    last_checkpoint_size BIGINT          NOT NULL,
    last_checkpoint_at   BIGINT          NOT NULL
);
INSERT INTO seal_state (id, tree_size, last_position, frontier, last_checkpoint_size, last_checkpoint_at)
VALUES (1, 0, 0, X'', 0, 0);

CREATE TRIGGER seal_leaf_append_only BEFORE UPDATE, DELETE ON seal_leaf
    FOR EACH ROW CALL 'cn.huanxin.ledger.api.config.H2AppendOnlyTrigger';
CREATE TRIGGER seal_node_append_only BEFORE UPDATE, DELETE ON seal_node
    FOR EACH ROW CALL 'cn.huanxin.ledger.api.config.H2AppendOnlyTrigger';
CREATE TRIGGER seal_checkpoint_append_only BEFORE UPDATE, DELETE ON seal_checkpoint
    FOR EACH ROW CALL 'cn.huanxin.ledger.api.config.H2AppendOnlyTrigger';
