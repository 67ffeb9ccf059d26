-- Version 2: the working-day calendar's data and KPI settings.
-- Holiday overrides and deadline rules are province-ownable (design §4): `owner` says who wrote
-- the row; a province push will replace 'province' rows and must not be overwritten locally
-- without the user's say. They are not unit-owned, so they do not go to the outbox.

CREATE TABLE holiday_overrides (
    year       INTEGER PRIMARY KEY,
    data_json  TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT 'local' CHECK (owner IN ('local', 'province')),
    updated_at INTEGER NOT NULL
);

-- Small JSON settings: 'deadline_rules', 'due_soon_days', 'freshness_days'.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT 'local' CHECK (owner IN ('local', 'province')),
    updated_at INTEGER NOT NULL
);

-- The group of work (nhóm việc) that selects the default time limit.
ALTER TABLE incoming_documents ADD COLUMN category TEXT NOT NULL DEFAULT 'van_ban_den';
