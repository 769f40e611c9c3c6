-- The law each action applied, as in force for the dossier (legal-basis.ts, issue 18 §2): the
-- decree (and article, form) cited in the action log. Null for actions recorded before this column.
ALTER TABLE dossier_action ADD COLUMN law text;
