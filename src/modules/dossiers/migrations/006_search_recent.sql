-- A search over every year answers newest first (issue 25; dossiers.repo.ts searchRecentQuery):
-- its first statement walks the newest dossiers in creation order, backwards along this index, and
-- stops as soon as a page of matches is found — a common term (a family name) costs a few hundred
-- index entries whatever the years kept. The index carries every column that statement tests (the
-- search key, the scope, the list's filters), so the walk reads no table row (index-only scan).
CREATE INDEX dossier_recent_search_idx ON dossier (created_at, code)
  INCLUDE (id, search_key, agency_ids, procedure_code, channel, status, received_at);
