-- Issue 16 §1: a personal ID declared at registration is UNVERIFIED (verified_at IS NULL); an e-ID
-- sign-in never attaches to such an account. It creates or uses the verified account of that ID,
-- so one personal ID may have one verified and one unverified citizen account side by side (until
-- the person links them: signed in to the unverified account, she completes an e-ID sign-in of the
-- same ID, and that account becomes the verified one). Runs on PostgreSQL 15 and PGlite.
DROP INDEX citizen_profile_pid_uq;
CREATE UNIQUE INDEX citizen_profile_pid_verified_uq ON citizen_profile (personal_id) WHERE subject_kind = 'citizen' AND verified_at IS NOT NULL;
CREATE UNIQUE INDEX citizen_profile_pid_unverified_uq ON citizen_profile (personal_id) WHERE subject_kind = 'citizen' AND verified_at IS NULL;

-- A login flow started by a signed-in account to verify its personal ID (the link): the callback
-- must come from a session of that same account.
ALTER TABLE oidc_flow ADD COLUMN link_user_id uuid REFERENCES app_user(id);
