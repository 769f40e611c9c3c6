-- Appointments (issue 22): a citizen books a time slot at a centre's service area online and
-- checks in at the kiosk with the booking code; a ticket links to the dossier received from it.

-- Bookings per slot, counted atomically: the booking's INSERT … ON CONFLICT DO UPDATE … WHERE
-- booked < capacity takes the row lock, so two bookings of the last place cannot both succeed.
CREATE TABLE fo_slot_count (
  area_id uuid NOT NULL REFERENCES fo_area(id),
  starts_at timestamptz NOT NULL,
  booked integer NOT NULL CHECK (booked >= 0),
  PRIMARY KEY (area_id, starts_at)
);

CREATE TABLE fo_appointment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  area_id uuid NOT NULL REFERENCES fo_area(id),
  procedure_code text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  -- the booking code the citizen shows at the kiosk (also in its QR); unguessable
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-HJ-NP-Z]{8}$'),
  name text NOT NULL,
  phone text NOT NULL,
  -- the signed-in citizen who booked (null: booked without an account)
  user_id uuid REFERENCES app_user(id),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'checked_in')),
  cancelled_at timestamptz,
  checked_in_at timestamptz,
  -- on_time / early / late, as the kiosk judged the check-in (frontoffice.rules.ts checkInArrival)
  arrival text CHECK (arrival IN ('early', 'on_time', 'late')),
  ticket_id uuid REFERENCES fo_ticket(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fo_appointment_user_idx ON fo_appointment (user_id, starts_at) WHERE user_id IS NOT NULL;
CREATE INDEX fo_appointment_area_idx ON fo_appointment (area_id, starts_at);

-- A ticket of a booked person checked in on time: served first among the area's regular tickets
-- once this moment has come (frontoffice.rules.ts compareQueue).
ALTER TABLE fo_ticket ADD COLUMN appointment_at timestamptz;
ALTER TABLE fo_ticket ADD COLUMN appointment_id uuid REFERENCES fo_appointment(id);

-- When the ticket was linked to a dossier (reception form or finish) and by which path.
ALTER TABLE fo_ticket ADD COLUMN dossier_linked_at timestamptz;
CREATE INDEX fo_ticket_dossier_idx ON fo_ticket (dossier_id) WHERE dossier_id IS NOT NULL;
