-- Version 6: plan tasks (giao việc), the meeting calendar (lịch họp) and indicators (chỉ tiêu).
-- All unit-owned: every mutation also goes to the outbox.

CREATE TABLE tasks (
    id                 TEXT PRIMARY KEY,
    title              TEXT NOT NULL,
    title_key          TEXT NOT NULL,
    leader             TEXT,
    lead_unit          TEXT,
    coordinating_units TEXT,
    expected_result    TEXT,
    time_frame         TEXT,
    period_from        TEXT,
    period_to          TEXT,
    notes              TEXT,
    assignee           TEXT,
    deadline           TEXT,
    progress           INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    status             TEXT NOT NULL,
    completed_on       TEXT,
    result             TEXT,
    source_incoming_id TEXT REFERENCES incoming_documents (id),
    plan_name          TEXT,
    plan_row           INTEGER,
    -- Folded plan name + row + title: re-importing the same plan table adds nothing.
    import_key         TEXT UNIQUE,
    last_update_at     INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_by_status ON tasks (status, deadline);

CREATE TABLE task_updates (
    id       TEXT PRIMARY KEY,
    task_id  TEXT NOT NULL REFERENCES tasks (id),
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    progress INTEGER,
    note     TEXT,
    data_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX task_updates_by_task ON task_updates (task_id, at);

CREATE TABLE meetings (
    id               TEXT PRIMARY KEY,
    -- Stable iCalendar UID, kept across export and import.
    uid              TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    place            TEXT,
    online_link      TEXT,
    chair            TEXT,
    participants     TEXT NOT NULL DEFAULT '[]',
    agenda           TEXT,
    related_docs     TEXT NOT NULL DEFAULT '[]',
    -- RFC 5545 RRULE body (e.g. FREQ=MONTHLY;INTERVAL=3;COUNT=4), or NULL for a single meeting.
    rrule            TEXT,
    reminder_minutes INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at >= starts_at)
);
CREATE INDEX meetings_by_start ON meetings (starts_at);

CREATE TABLE indicators (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL UNIQUE,
    unit             TEXT,
    target           TEXT NOT NULL,
    responsible_unit TEXT,
    notes            TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE indicator_actuals (
    id           TEXT PRIMARY KEY,
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    period       TEXT NOT NULL,
    value        TEXT NOT NULL,
    evidence     TEXT,
    achieved     INTEGER,
    recorded_at  INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    UNIQUE (indicator_id, period)
);
