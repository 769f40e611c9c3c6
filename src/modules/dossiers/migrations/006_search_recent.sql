-- A search over every year answers newest first (issue 25; dossiers.repo.ts searchQuery): its
-- first arm walks the newest dossiers in creation order, backwards along this index, and stops as
-- soon as a page of matches is found — a common term (a family name) costs a few hundred rows
-- whatever the years kept.
CREATE INDEX dossier_created_idx ON dossier (created_at, code);
