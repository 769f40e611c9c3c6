-- What the sandbox adapters delivered (national portal sync, notifications), kept so a developer
-- or an administrator can see exactly what would have been sent. A real adapter replaces the
-- sandbox behind the same interface; this log stays as the delivery record.
CREATE TABLE integration_delivery (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,          -- 'national_portal' | 'email' | 'sms' | 'zalo'
  adapter text NOT NULL,          -- 'sandbox' | 'http'
  idempotency_key text NOT NULL,
  subject text,                   -- e.g. the dossier code
  payload jsonb NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, idempotency_key)
);
CREATE INDEX integration_delivery_subject_idx ON integration_delivery (subject);
