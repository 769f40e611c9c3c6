-- Front office of a one-stop centre (issue 22): service areas and counters per centre (agency),
-- registered devices (kiosk, call screen, rating tablet), queue tickets, the call events the
-- screens follow, and the ratings given on the counter tablets.

CREATE TABLE fo_area (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  code text NOT NULL CHECK (code ~ '^[A-Z]{1,3}$'),
  name text NOT NULL,
  name_en text,
  -- tickets of this area are numbered number_base + 1, + 2, ... each day (area 1 → 1001, 1002 ...)
  number_base integer NOT NULL CHECK (number_base >= 0 AND number_base % 1000 = 0),
  procedure_codes text[] NOT NULL DEFAULT '{}',
  avg_service_minutes integer NOT NULL DEFAULT 10 CHECK (avg_service_minutes BETWEEN 1 AND 240),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, code),
  UNIQUE (agency_id, number_base)
);

CREATE TABLE fo_counter (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  area_id uuid NOT NULL REFERENCES fo_area(id),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  name text,
  -- the officer who opened the counter (null: closed)
  officer_id uuid REFERENCES app_user(id),
  opened_at timestamptz,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, number)
);

-- Browsers in kiosk mode, paired with a secret token (only its SHA-256 is kept).
CREATE TABLE fo_device (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  kind text NOT NULL CHECK (kind IN ('kiosk', 'call_screen', 'rating_tablet')),
  counter_id uuid REFERENCES fo_counter(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  revoked_at timestamptz,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'rating_tablet' OR counter_id IS NOT NULL)
);

-- The next number of an area on a day (one row per area and day; incremented atomically).
CREATE TABLE fo_number_seq (
  area_id uuid NOT NULL REFERENCES fo_area(id),
  day date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (area_id, day)
);

CREATE TABLE fo_ticket (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  area_id uuid NOT NULL REFERENCES fo_area(id),
  day date NOT NULL,
  number integer NOT NULL,
  procedure_code text,
  priority_group text CHECK (priority_group IN ('elderly', 'disability', 'pregnant', 'merit')),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show')),
  -- position in the queue: the moment it joined (kept across a transfer)
  queued_at timestamptz NOT NULL DEFAULT now(),
  -- a ticket transferred to one counter is called only there
  target_counter_id uuid REFERENCES fo_counter(id),
  counter_id uuid REFERENCES fo_counter(id),
  officer_id uuid REFERENCES app_user(id),
  call_count integer NOT NULL DEFAULT 0,
  called_at timestamptz,
  served_at timestamptz,
  finished_at timestamptz,
  dossier_id uuid,
  follow_token text NOT NULL UNIQUE,
  device_id uuid REFERENCES fo_device(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, day, number)
);
CREATE INDEX fo_ticket_waiting_idx ON fo_ticket (area_id, day, queued_at) WHERE status = 'waiting';
CREATE INDEX fo_ticket_counter_idx ON fo_ticket (counter_id, day) WHERE status IN ('called', 'serving');
CREATE INDEX fo_ticket_agency_day_idx ON fo_ticket (agency_id, day);

-- What the call screens show, persisted so a screen that reconnects catches up (Last-Event-ID).
CREATE TABLE fo_event (
  id bigserial PRIMARY KEY,
  agency_id uuid NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fo_event_agency_idx ON fo_event (agency_id, id);

-- One rating per ticket from the counter's tablet (4 levels); never shown to the officer.
CREATE TABLE fo_rating (
  ticket_id uuid PRIMARY KEY REFERENCES fo_ticket(id),
  agency_id uuid NOT NULL,
  counter_id uuid NOT NULL,
  officer_id uuid,
  dossier_id uuid,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  reasons text[] NOT NULL DEFAULT '{}',
  device_id uuid REFERENCES fo_device(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fo_rating_agency_idx ON fo_rating (agency_id, created_at);
