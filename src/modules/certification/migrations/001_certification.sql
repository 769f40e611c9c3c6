-- Certified electronic copies from originals (chứng thực bản sao điện tử từ bản chính), issue 19 §4.
-- Nghị định 23/2015/NĐ-CP (as amended by Nghị định 07/2025/NĐ-CP), Thông tư 01/2020/TT-BTP.

-- The certification book (sổ chứng thực bản sao từ bản chính): one sequence per agency and year.
-- The next number is taken by an UPSERT on this row inside the certification's transaction, so two
-- officers certifying at once are serialised on the row and a failed certification leaves no gap.
CREATE TABLE certification_book (
  agency_id uuid NOT NULL,
  year integer NOT NULL,
  last_no integer NOT NULL,
  PRIMARY KEY (agency_id, year)
);

CREATE TABLE certified_copy (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL,
  year integer NOT NULL,
  register_no integer NOT NULL,
  book text NOT NULL,
  document_title text NOT NULL,
  pages integer NOT NULL CHECK (pages > 0),
  copies integer NOT NULL CHECK (copies > 0),
  fee_vnd integer NOT NULL CHECK (fee_vnd >= 0),
  fee_basis text NOT NULL,
  requester_name text NOT NULL,
  requester_id_number text NOT NULL,
  original_sha256 text NOT NULL,
  copy_sha256 text NOT NULL UNIQUE,
  copy_storage_key text NOT NULL,
  copy_size bigint NOT NULL,
  signature_verdict text NOT NULL,
  certified_by uuid NOT NULL,
  certified_at timestamptz NOT NULL DEFAULT now(),
  warehouse_owner_id uuid,
  warehouse_item_id uuid,
  UNIQUE (agency_id, year, register_no)
);
CREATE INDEX certified_copy_agency_at_idx ON certified_copy (agency_id, certified_at);
