-- The home screen, reports and `vanthu kpi` judge every incoming document by six columns. Read
-- from the table, that touches each row's page: on a store of years of documents those pages lie
-- scattered between the events and outbox rows written with them, and a laptop's first start
-- after boot (cold disk cache) spent about a second reading them. A covering index keeps the six
-- columns together in a few megabytes.
CREATE INDEX incoming_kpi ON incoming_documents
    (status, category, assignee, deadline, completed_on, last_update_at, id);
