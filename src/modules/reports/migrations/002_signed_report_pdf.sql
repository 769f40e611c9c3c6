-- Reports signed digitally (issue 19 §5): the leader's sign-off is a PAdES signature on the
-- report's PDF; the signed PDF is kept in the file store (key and SHA-256 here), and each submitted
-- version keeps the signed PDF it was sent with, for the receiving office to verify.
ALTER TABLE report_submission ADD COLUMN signed_pdf_key text;
ALTER TABLE report_submission ADD COLUMN signed_pdf_sha256 text;
ALTER TABLE report_submission_version ADD COLUMN signed_pdf_key text;
ALTER TABLE report_submission_version ADD COLUMN signed_pdf_sha256 text;
