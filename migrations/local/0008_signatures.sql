-- Results of verifying the digital signatures (PAdES / PKCS#7) inside PDF attachments (issue 9).
-- Derived, local data: verifying again re-creates it, so it is neither synced nor audited. The
-- latest check per attachment; `reports` is the JSON array of vanthu_sign::SignatureReport.
CREATE TABLE attachment_signatures (
    attachment_id   TEXT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
    checked_at      INTEGER NOT NULL,
    checked_by      TEXT NOT NULL,
    -- The worst status among the signatures; NULL when the PDF carries no signature.
    status          TEXT CHECK (status IN ('valid', 'invalid', 'unknown_ca', 'malformed')),
    signature_count INTEGER NOT NULL,
    -- 1 when every signature's byte range reaches the end of the file (nothing added after).
    covers_whole    INTEGER NOT NULL,
    reports         TEXT NOT NULL,
    -- Why the file could not be read as a PDF at all (then status is 'malformed').
    error           TEXT
);
