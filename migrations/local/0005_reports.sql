-- Version 5: periodic reports (báo cáo định kỳ) — templates, drafts with versions, submissions,
-- the province's reviews. Shapes of the synced entities are described in docs/reports.md.

-- Province-owned templates (design §4). The built-in default set ships inside the app (not in
-- this table); a template the province sends is stored here and wins over a built-in one with
-- the same id. Written only by sync, so never put in the outbox.
CREATE TABLE report_templates (
    id          TEXT PRIMARY KEY,
    -- The full template as JSON (title, period kind, due rule, sections, recipients).
    body_json   TEXT NOT NULL,
    -- The province's revision of the template; a lower one arriving late is ignored.
    revision    INTEGER NOT NULL DEFAULT 1,
    -- Withdrawn templates stay for reports made from them but are not offered for new ones.
    active      INTEGER NOT NULL DEFAULT 1,
    received_at INTEGER NOT NULL
);

-- One report of the unit for one template and period (unit-owned, entity "report").
CREATE TABLE reports (
    id            TEXT PRIMARY KEY,
    template_id   TEXT NOT NULL,
    -- The template as it was when the report was made: later template changes never reshape
    -- a report already being written.
    template_json TEXT NOT NULL,
    period        TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    due_date      TEXT,
    -- Trích yếu, e.g. "Kết quả công tác văn thư và chuyển đổi số quý III năm 2026".
    summary       TEXT NOT NULL,
    -- draft → submitted; a returned report goes back to draft when edited. Accepted/returned
    -- are read from report_reviews, which only the province writes.
    status        TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    -- Figures as last computed (recomputed while draft; frozen at submission).
    figures_json  TEXT NOT NULL,
    figures_at    INTEGER NOT NULL,
    -- Sections with their current text: [{key, text, auto, auto_text}].
    sections_json TEXT NOT NULL,
    -- Signature block and recipients as they will print.
    signature_json  TEXT NOT NULL,
    recipients_json TEXT NOT NULL,
    -- The outgoing document the report was issued as (number and symbol come from it).
    outgoing_id   TEXT REFERENCES outgoing_documents (id),
    -- The number of the latest version (report_versions.revision).
    revision      INTEGER NOT NULL DEFAULT 1,
    submitted_at  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (template_id, period)
);
CREATE INDEX reports_by_period ON reports (period_to, template_id);

-- Every saved text of every section (append-only, entity "report_version"). Autosaves of the
-- same section by the same person within a few minutes update the newest row instead of
-- piling up; an explicit save always starts a new one.
CREATE TABLE report_versions (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    revision    INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    -- create | edit | autosave | recompute | submit | reopen | issue
    action      TEXT NOT NULL,
    section_key TEXT,
    text        TEXT,
    UNIQUE (report_id, revision)
);

-- What was sent to the province: a frozen copy of the whole report (entity "report_submission").
CREATE TABLE report_submissions (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports (id),
    -- 1 for the first submission, 2 after a return, …
    attempt       INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    submitted_at  INTEGER NOT NULL,
    submitted_on  TEXT NOT NULL,
    due_date      TEXT,
    on_time       INTEGER,
    actor         TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    UNIQUE (report_id, attempt)
);

-- The province's decision on a submission (province-owned: written locally only by sync
-- through apply_report_review; never in the outbox). No foreign keys: a review may arrive
-- on a new laptop before the report it concerns has been pulled back.
CREATE TABLE report_reviews (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
    comments      TEXT,
    reviewer      TEXT,
    reviewed_at   INTEGER NOT NULL,
    received_at   INTEGER NOT NULL
);
CREATE INDEX report_reviews_by_report ON report_reviews (report_id, reviewed_at);
