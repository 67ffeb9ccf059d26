-- Version 2: the province's reviews of submitted periodic reports (accepted, or returned with
-- comments). Each review is also appended to the unit's change log (entity `report_review`) in
-- the same transaction, so the unit's laptops receive it; this table is what the dashboard and
-- `admin report list` read. Submissions themselves are the unit's `report_submission` records.
CREATE TABLE report_reviews (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL REFERENCES units (id),
    report_id     TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
    comments      TEXT,
    reviewer      TEXT,
    reviewed_at   BIGINT NOT NULL
);
CREATE INDEX report_reviews_by_unit ON report_reviews (unit_id, reviewed_at);
