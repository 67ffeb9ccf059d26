-- Version 7: local accounts with roles, and the hash-chained audit trail.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    full_name       TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'leader', 'staff', 'viewer')),
    -- argon2id PHC string; never the password.
    password_hash   TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    must_change     INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Every mutation with actor, time and before/after, each row's hash covering the previous
-- row's hash: editing, inserting or deleting any row breaks the chain from there on.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    op          TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq);
