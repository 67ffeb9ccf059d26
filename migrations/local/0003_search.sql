-- Version 3: full-text search over the registers, and the keys that make imports repeatable.
--
-- The index is kept current without the use cases knowing about it: triggers note every
-- written document in `search_queue`, and the store indexes the queue in one statement just
-- before each write transaction commits (vanthu-local `search::flush_pending`, also run when the
-- store opens and before a search). Writing FTS5 from the triggers directly was measured and
-- dropped: FTS5 flushes its pending terms at every statement savepoint, so each document
-- written through a trigger became its own index segment (~10x slower registering, generating
-- and importing). The store registers two SQL functions on every connection before migrating
-- (vanthu-local `search::register_functions`):
--   vanthu_search_text(t): t in VanThu's canonical spelling (NFC, tone placement), lower case;
--   vanthu_fold(t):        the folded key (no diacritics, đ→d), which SQLite's unicode61
--                          tokenizer cannot produce: remove_diacritics does not fold đ.
-- Any connection can write documents (the triggers only queue them); the queue is indexed by
-- one that has the functions, i.e. through the Store.
--
-- Each index row holds the text twice: `exact` keeps diacritics so a query typed with them can
-- rank exact matches first; `folded` answers queries typed without them. The tables are
-- contentless (the documents table holds the text) with contentless_delete so rows can be
-- replaced. Incoming rowids are year * 1000000 + số đến, so "ORDER BY rowid DESC" is the
-- register's own order (newest first) and FTS5 can stop after one page; a year filter becomes
-- a rowid range.

CREATE VIRTUAL TABLE incoming_fts USING fts5(
    exact, folded,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3'
);

CREATE VIRTUAL TABLE outgoing_fts USING fts5(
    exact, folded,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3'
);

-- The text indexed for one document (`exact`; `folded` is vanthu_fold(exact) plus the type code).
CREATE VIEW incoming_search_text AS
SELECT d.id AS id,
       d.year * 1000000 + d.arrival_no AS key,
       vanthu_search_text(concat_ws(' ', d.summary, d.issuer, d.symbol, d.notes, d.recipient,
           d.assignee, d.signer,
           (SELECT group_concat(a.file_name, ' ') FROM attachments a
             WHERE a.document_kind = 'incoming' AND a.document_id = d.id))) AS exact,
       d.doc_type AS doc_type
FROM incoming_documents d;

CREATE VIEW outgoing_search_text AS
SELECT d.id AS id,
       d.rowid AS key,
       vanthu_search_text(concat_ws(' ', d.summary, d.symbol, d.signer, d.drafter,
           d.recipients, d.archive_holder, d.notes,
           (SELECT group_concat(a.file_name, ' ') FROM attachments a
             WHERE a.document_kind = 'outgoing' AND a.document_id = d.id))) AS exact,
       d.doc_type AS doc_type
FROM outgoing_documents d;

-- Documents to (re)index: `doc_id` to index now, `old_key` an index row to remove first.
CREATE TABLE search_queue (
    kind    TEXT NOT NULL CHECK (kind IN ('incoming', 'outgoing')),
    doc_id  TEXT,
    old_key INTEGER
);

CREATE TRIGGER incoming_search_after_insert AFTER INSERT ON incoming_documents BEGIN
    INSERT INTO search_queue (kind, doc_id) VALUES ('incoming', new.id);
END;

CREATE TRIGGER incoming_search_after_update
AFTER UPDATE OF year, arrival_no, summary, issuer, symbol, notes, recipient, assignee, signer,
    doc_type ON incoming_documents BEGIN
    INSERT INTO search_queue (kind, doc_id, old_key)
    VALUES ('incoming', new.id, old.year * 1000000 + old.arrival_no);
END;

CREATE TRIGGER incoming_search_after_delete AFTER DELETE ON incoming_documents BEGIN
    INSERT INTO search_queue (kind, old_key)
    VALUES ('incoming', old.year * 1000000 + old.arrival_no);
END;

CREATE TRIGGER outgoing_search_after_insert AFTER INSERT ON outgoing_documents BEGIN
    INSERT INTO search_queue (kind, doc_id) VALUES ('outgoing', new.id);
END;

CREATE TRIGGER outgoing_search_after_update
AFTER UPDATE OF summary, symbol, signer, drafter, recipients, archive_holder, notes, doc_type
    ON outgoing_documents BEGIN
    INSERT INTO search_queue (kind, doc_id, old_key) VALUES ('outgoing', new.id, old.rowid);
END;

CREATE TRIGGER outgoing_search_after_delete AFTER DELETE ON outgoing_documents BEGIN
    INSERT INTO search_queue (kind, old_key) VALUES ('outgoing', old.rowid);
END;

-- Attachment file names are searchable too: re-index the document a file is linked to.
CREATE TRIGGER attachments_search_after_insert AFTER INSERT ON attachments BEGIN
    INSERT INTO search_queue (kind, doc_id, old_key)
    SELECT 'incoming', id, year * 1000000 + arrival_no FROM incoming_documents
    WHERE new.document_kind = 'incoming' AND id = new.document_id;
    INSERT INTO search_queue (kind, doc_id, old_key)
    SELECT 'outgoing', id, rowid FROM outgoing_documents
    WHERE new.document_kind = 'outgoing' AND id = new.document_id;
END;

INSERT INTO incoming_fts (rowid, exact, folded)
SELECT key, exact, vanthu_fold(exact) || ' ' || doc_type FROM incoming_search_text;
INSERT INTO outgoing_fts (rowid, exact, folded)
SELECT key, exact, vanthu_fold(exact) || ' ' || doc_type FROM outgoing_search_text;

-- One row per imported register row: the SHA-256 of the row's normalised content. Importing
-- the same file again finds its rows here and adds nothing.
CREATE TABLE import_keys (
    key           TEXT PRIMARY KEY,
    document_kind TEXT NOT NULL CHECK (document_kind IN ('incoming', 'outgoing')),
    document_id   TEXT NOT NULL,
    source        TEXT NOT NULL,
    imported_at   INTEGER NOT NULL
) WITHOUT ROWID;
