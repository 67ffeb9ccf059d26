-- VanThu local store, version 1. Released migrations are never edited: add a new file.
-- Dates are civil dates in Vietnam time as 'YYYY-MM-DD'; instants are UTC unix milliseconds.
-- Columns ending in _key hold the folded search form (lower case, no diacritics, đ→d).

CREATE TABLE unit_profile (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    unit_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    superior        TEXT NOT NULL,
    abbreviation    TEXT NOT NULL,
    place_name      TEXT NOT NULL,
    numbering_style TEXT NOT NULL CHECK (numbering_style IN ('state', 'party')),
    commune_code    TEXT,
    leaders_json    TEXT NOT NULL DEFAULT '[]',
    updated_at      INTEGER NOT NULL
);

-- Yearly number series: incoming "số đến" and each outgoing series. Incremented inside the
-- registering transaction, so a number is never skipped or given twice.
CREATE TABLE number_series (
    series  TEXT NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (series, year)
) WITHOUT ROWID;

CREATE TABLE incoming_documents (
    id                TEXT PRIMARY KEY,
    year              INTEGER NOT NULL,
    arrival_no        INTEGER NOT NULL,
    arrival_date      TEXT NOT NULL,
    arrived_at        INTEGER NOT NULL,
    issuer            TEXT NOT NULL,
    issuer_key        TEXT NOT NULL,
    symbol            TEXT NOT NULL,
    symbol_key        TEXT NOT NULL,
    sym_number        INTEGER,
    sym_year          INTEGER,
    sym_type          TEXT,
    sym_issuer        TEXT,
    doc_date          TEXT NOT NULL,
    doc_type          TEXT NOT NULL,
    summary           TEXT NOT NULL,
    summary_key       TEXT NOT NULL,
    urgency           TEXT NOT NULL,
    recipient         TEXT,
    transfer_date     TEXT,
    signer            TEXT,
    receipt_signature TEXT,
    notes             TEXT,
    status            TEXT NOT NULL,
    assignee          TEXT,
    instructions      TEXT,
    deadline          TEXT,
    completed_on      TEXT,
    result            TEXT,
    reply_outgoing_id TEXT,
    last_update_at    INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, arrival_no)
);
CREATE INDEX incoming_by_status ON incoming_documents (status, year, arrival_no);
CREATE INDEX incoming_by_deadline ON incoming_documents (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX incoming_by_assignee ON incoming_documents (assignee, year, arrival_no);
CREATE INDEX incoming_duplicates ON incoming_documents (symbol_key, doc_date);

-- Appended history: never updated, never deleted. Current status is derived from it.
CREATE TABLE incoming_events (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES incoming_documents (id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT,
    data_json   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX incoming_events_by_document ON incoming_events (document_id, at);

CREATE TABLE outgoing_documents (
    id                  TEXT PRIMARY KEY,
    status              TEXT NOT NULL,
    doc_type            TEXT NOT NULL,
    summary             TEXT NOT NULL,
    summary_key         TEXT NOT NULL,
    drafter             TEXT,
    signer              TEXT,
    normative           INTEGER NOT NULL DEFAULT 0,
    drafting_unit       TEXT,
    series              TEXT,
    year                INTEGER,
    number              INTEGER,
    symbol              TEXT,
    issued_date         TEXT,
    recipients          TEXT,
    copies              INTEGER,
    transfer_date       TEXT,
    archive_holder      TEXT,
    reply_to_incoming_id TEXT REFERENCES incoming_documents (id),
    notes               TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    UNIQUE (series, year, number),
    UNIQUE (year, symbol)
);
CREATE INDEX outgoing_by_status ON outgoing_documents (status, created_at);
CREATE INDEX outgoing_by_reply ON outgoing_documents (reply_to_incoming_id);

CREATE TABLE outgoing_events (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES outgoing_documents (id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT,
    data_json   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX outgoing_events_by_document ON outgoing_events (document_id, at);

-- Attachment files live content-addressed under <data dir>/blobs/ab/abcdef…; this is the link.
CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,
    document_kind TEXT NOT NULL CHECK (document_kind IN ('incoming', 'outgoing')),
    document_id   TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    size          INTEGER NOT NULL,
    added_at      INTEGER NOT NULL
);
CREATE INDEX attachments_by_document ON attachments (document_kind, document_id);

-- Change capture (design §5): every mutation of a unit-owned record appends here in the same
-- transaction. `seq` is the per-device monotonic sequence the sync push uses.
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('upsert', 'append', 'delete')),
    payload   TEXT NOT NULL,
    at        INTEGER NOT NULL
);
