-- The agency's tax code (mã số thuế, 10 digits or 10-3 for a dependent unit): printed as the
-- seller's on the fee and charge receipts it issues (Nghị định 123/2020/NĐ-CP, receipts).
-- Null until an administrator enters it; a unit without one uses its parent's.
ALTER TABLE agency ADD COLUMN tax_code text CONSTRAINT agency_tax_code_format CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$');
