-- Lists, queues, queue counts and search that stay flat as closed dossiers pile up (issue 25).
-- Every list is ordered by (coalesce(appointment_current, created_at), code) and read with LIMIT n+1
-- (dossiers.repo.ts listDossiers), so each needs an index that yields rows in that order; the
-- queues read only open dossiers, so theirs are partial indexes over the statuses a queue can hold
-- (1, 2, 4, 5, 6): their size follows the dossiers in progress, not the years kept.

-- "All dossiers" (province-wide, and officers' scope filtered along it).
CREATE INDEX dossier_list_order_idx ON dossier ((coalesce(appointment_current, created_at)), code);

-- Every queue of a province-wide role (to_receive, department, due_soon, overdue, waiting): the
-- open dossiers in list order; due_soon and overdue read a range of it.
CREATE INDEX dossier_open_order_idx ON dossier ((coalesce(appointment_current, created_at)), code) WHERE status IN (1, 2, 4, 5, 6);

-- The department queue of a province-wide role, and the waiting queue, each in list order.
CREATE INDEX dossier_processing_order_idx ON dossier ((coalesce(appointment_current, created_at)), code) WHERE status IN (2, 4);
CREATE INDEX dossier_waiting_order_idx ON dossier ((coalesce(appointment_current, created_at)), code) WHERE status IN (5, 6);

-- "Assigned to me".
CREATE INDEX dossier_open_assignee_idx ON dossier (assignee_id, (coalesce(appointment_current, created_at)), code) WHERE status IN (2, 4, 5, 6);

-- An officer's department queue: held by one of the agencies in scope, or received there and not yet forwarded.
CREATE INDEX dossier_open_current_agency_idx ON dossier (current_agency_id, (coalesce(appointment_current, created_at)), code) WHERE status IN (2, 4);
CREATE INDEX dossier_open_receiving_idx ON dossier (receiving_agency_id, (coalesce(appointment_current, created_at)), code) WHERE status IN (1, 2, 5);

-- Queue counts: every column the counts read, over open dossiers only (an index-only scan where
-- the visibility map allows).
CREATE INDEX dossier_open_counts_idx ON dossier (status) INCLUDE (assignee_id, current_agency_id, receiving_agency_id, received_at, appointment_current, created_at, agency_ids)
  WHERE status IN (1, 2, 4, 5, 6);

-- Search: a substring of the search key (code, applicant name and ID number, procedure name).
CREATE INDEX dossier_search_trgm_idx ON dossier USING gin (search_key gin_trgm_ops);

-- 001's (status, receiving_agency_id) over every dossier drew the planner to read all open
-- dossiers by status and sort them (440 ms for the province-wide overdue queue at 1 M dossiers):
-- the open statuses are served by the indexes above; this one keeps the others (a status filter).
DROP INDEX dossier_status_idx;
CREATE INDEX dossier_status_idx ON dossier (status, receiving_agency_id) WHERE status NOT IN (1, 2, 4, 5, 6);
