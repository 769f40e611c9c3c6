-- Issue 18 §1: QĐ 766 as the national portal counts it. 4.1's denominator is every dossier received
-- for a procedure whose result is a document (not only those that already have a result), so the
-- per-dossier flag and its daily counter are renamed from with_result to doc_result. The read model
-- is derived: seedQuality rebuilds it from the action log once under the new definitions (setting
-- quality_read_model_built_v2), so the renamed columns never mix the two meanings for long.
ALTER TABLE quality_dossier_fact RENAME COLUMN with_result TO doc_result;
ALTER TABLE quality_counter RENAME COLUMN with_result TO doc_result;
