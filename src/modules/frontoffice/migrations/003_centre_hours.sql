-- A centre's own reception hours (giờ tiếp nhận của trung tâm): many one-stop centres receive
-- beyond office hours (evening sessions, Saturday/Sunday duty). Without a row the centre follows
-- its calendar's reception time (calendar module isReceptionTime). `weekly` holds, per weekday
-- (mon … sun), a list of {start, end} periods in local time 'HH:MM' (end up to '24:00'), checked by
-- frontoffice.rules.ts centreHoursProblem before it is written.
CREATE TABLE fo_centre_hours (
  agency_id uuid PRIMARY KEY REFERENCES agency(id),
  weekly jsonb NOT NULL,
  -- false: the calendar's days off (holidays, compensatory days) close the centre
  serves_on_holidays boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id)
);
