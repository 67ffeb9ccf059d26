-- The clerk's "Đã xem" on the conflict log (Đồng bộ screen): when each resolved conflict was
-- acknowledged on this laptop. Local state only, never synced: another device of the unit
-- shows the same conflict as new until someone there has looked at it.
ALTER TABLE sync_conflicts ADD COLUMN seen_at INTEGER;

-- The count of new conflicts beside the Đồng bộ menu item is asked every few seconds.
CREATE INDEX sync_conflicts_unseen ON sync_conflicts (received_at) WHERE seen_at IS NULL;
