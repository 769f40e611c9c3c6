-- Administrative units (with validity and succession across mergers) and agencies (a tree with history).

CREATE TABLE admin_unit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  name text NOT NULL,
  full_name text NOT NULL,
  name_en text,
  kind text NOT NULL,
  parent_code text,
  valid_from date NOT NULL,
  valid_to date,
  name_key text NOT NULL,
  search_key text GENERATED ALWAYS AS (f_search_key(full_name)) STORED,
  CONSTRAINT admin_unit_validity CHECK (valid_to IS NULL OR valid_to >= valid_from),
  UNIQUE (level, code, valid_from)
);
CREATE INDEX admin_unit_parent_idx ON admin_unit (parent_code, level);
CREATE INDEX admin_unit_search_idx ON admin_unit USING gin (search_key gin_trgm_ops);
CREATE INDEX admin_unit_name_key_idx ON admin_unit (name_key);

CREATE TABLE admin_unit_succession (
  predecessor_id uuid NOT NULL REFERENCES admin_unit(id),
  successor_id uuid NOT NULL REFERENCES admin_unit(id),
  effective_date date NOT NULL,
  note text,
  PRIMARY KEY (predecessor_id, successor_id)
);

CREATE TABLE agency (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  short_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('provincial_people_committee', 'provincial_office', 'department', 'provincial_service_centre',
                                     'commune_people_committee', 'commune_service_centre', 'police', 'district_people_committee', 'other')),
  parent_id uuid REFERENCES agency(id),
  unit_code text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  code_verified boolean NOT NULL DEFAULT false,
  name_key text NOT NULL,
  short_name_key text NOT NULL,
  search_key text GENERATED ALWAYS AS (f_search_key(name)) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT agency_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX agency_code_uq ON agency (code);
CREATE INDEX agency_parent_idx ON agency (parent_id);
CREATE INDEX agency_name_key_idx ON agency (name_key);
CREATE INDEX agency_short_name_key_idx ON agency (short_name_key);

CREATE TABLE agency_succession (
  predecessor_id uuid NOT NULL REFERENCES agency(id),
  successor_id uuid NOT NULL REFERENCES agency(id),
  effective_date date NOT NULL,
  ordinal integer NOT NULL DEFAULT 0, -- 0 = the main successor
  note text,
  PRIMARY KEY (predecessor_id, successor_id)
);

ALTER TABLE app_user ADD CONSTRAINT app_user_agency_fk FOREIGN KEY (agency_id) REFERENCES agency(id);
