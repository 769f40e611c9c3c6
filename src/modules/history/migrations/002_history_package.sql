-- Issue 18 §3: a history import may be a ZIP package (the data file and the PDFs it references:
-- scans with their confirmation, result documents).
ALTER TABLE history_import DROP CONSTRAINT history_import_format_check;
ALTER TABLE history_import ADD CONSTRAINT history_import_format_check CHECK (format IN ('ndjson', 'xlsx', 'zip'));
