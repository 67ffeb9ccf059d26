-- Version 4: sync with the provincial server (design §4–§5).
--
-- Capture stays where it is (the use cases write `outbox`); this migration adds what sync needs
-- around it:
--   * each captured change gets a hybrid logical clock stamp and, for an upsert, the values the
--     changed fields had before (`base`), computed by a trigger in the capture transaction, so
--     no use case has to know about sync and nothing captured before enrolment is missed;
--   * the device's identity and cursors; the last known state of each synced record (shadow);
--     the conflict log; changes that could not be applied; the province's inbox.

-- This store's enrolment with the province (at most one). The token is the device's secret;
-- the server keeps only its hash.
CREATE TABLE sync_device (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    server_url      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    token           TEXT NOT NULL,
    unit_id         TEXT NOT NULL,
    unit_code       TEXT NOT NULL,
    unit_name       TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    enrolled_at     INTEGER NOT NULL,
    -- Outbox rows up to here are applied on the server (trimmed locally).
    acked_seq       INTEGER NOT NULL DEFAULT 0,
    -- Position in the unit's change log up to which changes are applied here.
    pull_cursor     INTEGER NOT NULL DEFAULT 0,
    last_success_at INTEGER,
    last_attempt_at INTEGER,
    last_error      TEXT,
    -- Server clock minus local clock at the last hello (ms).
    clock_skew_ms   INTEGER
);

-- The hybrid logical clock: never behind the wall clock nor any stamp seen (own or pulled).
CREATE TABLE sync_clock (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    ms      INTEGER NOT NULL,
    counter INTEGER NOT NULL
);
INSERT INTO sync_clock (id, ms, counter) VALUES (1, 0, 0);

-- The record as last known in sync (written when the server acknowledges a change and when a
-- pulled change is applied). `seq` is the outbox position it corresponds to, so a later local
-- change diffs against whichever is newer: the previous outbox row or this.
CREATE TABLE sync_shadow (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    payload   TEXT NOT NULL,
    synced_at INTEGER NOT NULL,
    -- 'local': created on this device; 'remote': first received from the server.
    origin    TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'remote')),
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;

ALTER TABLE outbox ADD COLUMN hlc TEXT;
ALTER TABLE outbox ADD COLUMN base TEXT;
CREATE INDEX outbox_by_record ON outbox (entity, entity_id, seq);

-- Stamps the change (HLC) and, for an upsert, records the prior values of the fields it changed
-- (NULL base = a record new to this device). Prior state: the newest of the record's previous
-- outbox row and its shadow.
CREATE TRIGGER outbox_sync_capture AFTER INSERT ON outbox BEGIN
    UPDATE sync_clock
       SET counter = CASE WHEN new.at <= ms THEN counter + 1 ELSE 0 END,
           ms = max(ms, new.at)
     WHERE id = 1;
    UPDATE outbox
       SET hlc = (SELECT printf('%013d-%010d', ms, counter) FROM sync_clock WHERE id = 1),
           base = CASE WHEN new.op = 'upsert' THEN (
               SELECT CASE WHEN p.payload IS NULL THEN NULL ELSE (
                   SELECT json_group_object(j.key, json(coalesce(p.payload -> ('$."' || j.key || '"'), 'null')))
                     FROM json_each(new.payload) AS j
                    WHERE (p.payload -> ('$."' || j.key || '"')) IS NOT (new.payload -> ('$."' || j.key || '"'))
               ) END
                 FROM (SELECT (
                     SELECT payload FROM (
                         SELECT seq, 0 AS shadow, payload FROM outbox
                          WHERE entity = new.entity AND entity_id = new.entity_id AND seq < new.seq
                         UNION ALL
                         SELECT seq, 1 AS shadow, payload FROM sync_shadow
                          WHERE entity = new.entity AND entity_id = new.entity_id
                     ) ORDER BY seq DESC, shadow DESC LIMIT 1
                 ) AS payload) AS p
           ) END
     WHERE seq = new.seq;
END;

-- Field conflicts resolved by the server (last writer by HLC wins); the losing value is kept
-- here for the user to see (`vanthu sync conflicts`).
CREATE TABLE sync_conflicts (
    id          TEXT PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept_value  TEXT NOT NULL,
    lost_value  TEXT NOT NULL,
    kept_hlc    TEXT NOT NULL,
    lost_hlc    TEXT NOT NULL,
    at          INTEGER NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX sync_conflicts_by_record ON sync_conflicts (entity, entity_id);

-- Pulled changes that could not be applied here (an entity this version does not know, or a
-- clash such as the same số đến taken on two laptops offline). Kept, never dropped.
CREATE TABLE sync_unapplied (
    cursor    INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op        TEXT NOT NULL,
    payload   TEXT NOT NULL,
    reason    TEXT NOT NULL,
    at        INTEGER NOT NULL
);

-- Documents the province sent down ("Văn bản nhận từ tỉnh"), registered with one action.
CREATE TABLE province_inbox (
    id                     TEXT PRIMARY KEY,
    payload                TEXT NOT NULL,
    received_at            INTEGER NOT NULL,
    registered_incoming_id TEXT,
    registered_at          INTEGER
);

-- Report templates and requests from the province (content filled by the reports feature).
CREATE TABLE province_report_templates (
    id          TEXT PRIMARY KEY,
    payload     TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
