-- Issue 18 §1 (QĐ 766 indicator 5.4): applicants without an account rate too — through the signed
-- link/QR printed on the receipt, or on the counter's rating screen. Such a rating has no owner; the
-- channel says where it came from. Still one rating per dossier (the primary key).
ALTER TABLE dossier_rating ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE dossier_rating ADD COLUMN channel text NOT NULL DEFAULT 'account' CHECK (channel IN ('account', 'link', 'counter'));
