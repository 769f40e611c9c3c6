-- Issue 16 §2: dossier codes are sequential, so the public lookup by code alone shows only the
-- status. The rest (procedure, agency, shortened name, dates, steps) needs the code plus this short
-- secret, printed on the receipt and carried in its QR link.
--
-- 8 characters of Crockford's base-32 alphabet (no I, L, O, U): 40 random bits, taken from bytes of
-- gen_random_uuid() that are fully random (not the version/variant bytes 6 and 8).
CREATE FUNCTION dossier_lookup_secret() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + (get_byte(x.b, i) % 32), 1), '' ORDER BY i)
  FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''), 'hex') AS b) x,
       unnest(ARRAY[0, 1, 2, 3, 4, 5, 9, 10]) AS i
$$;

-- Existing dossiers get one each (the function is evaluated per row); new ones at intake (the
-- INSERT's default). Done without rewriting the table (no ADD COLUMN with a volatile default).
ALTER TABLE dossier ADD COLUMN lookup_secret text;
UPDATE dossier SET lookup_secret = dossier_lookup_secret();
ALTER TABLE dossier ALTER COLUMN lookup_secret SET DEFAULT dossier_lookup_secret();
ALTER TABLE dossier ALTER COLUMN lookup_secret SET NOT NULL;
ALTER TABLE dossier ADD CONSTRAINT dossier_lookup_secret_format CHECK (lookup_secret ~ '^[0-9A-HJKMNP-TV-Z]{8}$');
