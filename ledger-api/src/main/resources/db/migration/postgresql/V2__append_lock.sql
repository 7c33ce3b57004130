-- One row that every appending transaction locks just before it writes its events, so that the
-- global index is assigned in commit order. Tracking processors then see the events in the same
-- order live as in a replay, and every view — including the fraud rules' event-time clock — is the
-- same function of the stream whether it was built live or rebuilt.
CREATE TABLE ledger_append_lock (
    id INTEGER PRIMARY KEY
);
INSERT INTO ledger_append_lock (id) VALUES (1);
