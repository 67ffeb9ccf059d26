-- VanThu provincial server, SQLite, version 1. Released migrations are never edited.
-- Instants are UTC unix milliseconds. Secrets are stored only as SHA-256 / argon2id hashes.

CREATE TABLE units (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    numbering_style TEXT NOT NULL CHECK (numbering_style IN ('state', 'party')),
    created_at      INTEGER NOT NULL,
    -- Last position of the unit's change log (allocated inside the writing transaction).
    log_head        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE enrol_codes (
    code_hash  TEXT PRIMARY KEY,
    unit_id    TEXT NOT NULL REFERENCES units (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    device_id  TEXT
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES units (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    -- The device's last applied outbox seq: stored in the same transaction as the changes.
    high_water   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    last_push_at INTEGER,
    last_pull_at INTEGER
);
CREATE INDEX devices_by_unit ON devices (unit_id);

-- Each unit's ordered change log: what pulls return.
CREATE TABLE changes (
    unit_id     TEXT NOT NULL REFERENCES units (id),
    pos         INTEGER NOT NULL,
    -- The pushed change (NULL for province records and conflicts): unique, so a change can
    -- never be applied twice even across re-enrolments.
    change_id   TEXT UNIQUE,
    origin      TEXT,
    origin_seq  INTEGER,
    -- Whether the origin device receives it too (the merge changed its record).
    echo        INTEGER NOT NULL DEFAULT 0,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('upsert', 'append', 'delete')),
    payload     TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, pos)
) WITHOUT ROWID;

-- Current merged state of every record, with the per-field clocks.
CREATE TABLE records (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units (id),
    payload    TEXT NOT NULL,
    clocks     TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
CREATE INDEX records_by_unit ON records (unit_id, entity);

CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0,
    complete     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    completed_at INTEGER
);
CREATE TABLE blob_chunks (
    sha256   TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    data     BLOB NOT NULL,
    PRIMARY KEY (sha256, start_at)
) WITHOUT ROWID;
-- Which units may read/upload a blob (their records or documents sent to them reference it).
CREATE TABLE blob_refs (
    unit_id TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (unit_id, sha256)
) WITHOUT ROWID;

CREATE TABLE staff (
    username      TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES staff (username),
    expires_at INTEGER NOT NULL
);

-- Province-wide records (holiday calendar, deadline rules, report templates): every unit's log
-- gets them, including units created later.
CREATE TABLE province_records (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    op         TEXT NOT NULL,
    payload    TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
