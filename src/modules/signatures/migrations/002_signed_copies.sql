-- Signed copies (issue 19): "this signed PDF was made by signing that file". The verification QR on
-- a result carries the SHA-256 of the result as it was before its first signature (a QR cannot
-- carry the hash of the file it is printed in); the public check follows this link to the signed
-- copy (and, for a result signed again at another level, to the latest one).
CREATE TABLE signed_copies (
  signed_sha256 text PRIMARY KEY CHECK (signed_sha256 ~ '^[0-9a-f]{64}$'),
  source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz NOT NULL
);
CREATE INDEX signed_copies_source ON signed_copies (source_sha256, signed_at);
