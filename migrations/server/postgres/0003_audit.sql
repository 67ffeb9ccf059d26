-- Version 3: each device's audit trail as uploaded (POST /v1/audit). Rows are stored exactly
-- as the laptop hashed them; the server checks on the way in that every row continues the
-- device's chain, so a laptop whose trail is rewritten later cannot make the province's copy
-- agree. The head (last seq and hash) of a device is its row with the largest seq.
CREATE TABLE audit_rows (
    device_id   TEXT NOT NULL REFERENCES devices (id),
    seq         BIGINT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    op          TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq)
);
CREATE INDEX audit_rows_by_unit ON audit_rows (unit_id, device_id, seq);
