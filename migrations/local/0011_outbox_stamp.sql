-- Version 11: a change that cannot have a prior state comes stamped.
--
-- An appended event and a record the use case has just created with a fresh id have no `base`
-- (nothing earlier to diff against), so the capture trigger's second statement — re-reading the
-- row it was fired for and searching the record's earlier outbox rows and shadow — only wrote
-- the HLC. `outbox::write` now advances the clock itself and inserts those rows with their
-- stamp; the trigger keeps doing the full work for every other upsert (hlc NULL), so captures
-- written by older code paths, or by hand, stay exactly as before.
DROP TRIGGER outbox_sync_capture;
CREATE TRIGGER outbox_sync_capture AFTER INSERT ON outbox WHEN new.hlc IS NULL BEGIN
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
