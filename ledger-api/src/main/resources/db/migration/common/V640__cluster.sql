-- Several ledger nodes on one database (docs/operations.md, "Several nodes").
--
-- ledger_node: each running node's heartbeat, so that every node knows how many share the views'
-- segments (a node that holds no segment yet is visible only here). Times are the node's own clock
-- in epoch milliseconds, as Axon's token claims are.
CREATE TABLE ledger_node (
    node_id      VARCHAR(255) PRIMARY KEY,
    started_at   BIGINT       NOT NULL,
    last_seen_at BIGINT       NOT NULL
);

-- ledger_rebuild: a rebuild asked of any node. The node that received it waits until every other live
-- node has stopped the view's processor (ledger_rebuild_stop), resets the view's tokens, starts it
-- again and marks the request DONE or FAILED; the other nodes start their processor again then.
CREATE TABLE ledger_rebuild (
    request_id     VARCHAR(36)  PRIMARY KEY,
    processor_name VARCHAR(255) NOT NULL,
    requested_by   VARCHAR(255) NOT NULL,
    requested_at   BIGINT       NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    finished_at    BIGINT,
    detail         VARCHAR(1000)
);
CREATE INDEX ledger_rebuild_state ON ledger_rebuild (state);

CREATE TABLE ledger_rebuild_stop (
    request_id VARCHAR(36)  NOT NULL,
    node_id    VARCHAR(255) NOT NULL,
    stopped_at BIGINT       NOT NULL,
    PRIMARY KEY (request_id, node_id)
);
