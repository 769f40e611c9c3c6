-- Official yearly schedules (days off, working Saturdays) and office hours, entered by administrators.
-- They override the holidays derived from the Labour Code rules (holidays.rules.ts).

CREATE TABLE calendar_decision (
  year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),
  decision_no text,
  source text,
  days_off jsonb NOT NULL DEFAULT '[]'::jsonb,
  working_days jsonb NOT NULL DEFAULT '[]'::jsonb,
  pending text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Office hours: one row for the province default (agency_id IS NULL) and optional rows per agency.
CREATE TABLE office_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid REFERENCES agency(id),
  periods text[] NOT NULL,
  weekdays integer[] NOT NULL DEFAULT '{1,2,3,4,5}',
  saturday_morning_reception boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX office_hours_agency_uq ON office_hours (coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Bumped on every change so each server process rebuilds its cached calendar.
INSERT INTO app_setting (key, value) VALUES ('calendar_version', '1') ON CONFLICT (key) DO NOTHING;
