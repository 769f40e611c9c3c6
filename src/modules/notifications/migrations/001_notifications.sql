-- Notifications (issue 21 §3): the in-app notification centre of staff and citizens, each person's
-- channels and quiet hours, staff browsers' web-push subscriptions, and what was sent on each
-- channel. Runs on PostgreSQL 15 and PGlite: no PG16+ syntax.

CREATE TABLE notification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id uuid NOT NULL REFERENCES app_user(id),
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  subject_type text,
  subject_id text,
  -- the same key twice for one recipient → one notification (a warning sent once)
  dedupe_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE UNIQUE INDEX notification_dedupe_uq ON notification (recipient_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX notification_recipient_idx ON notification (recipient_id, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON notification (recipient_id) WHERE read_at IS NULL;

-- A person's choice; without a row the defaults apply (notifications.rules.ts defaultChannels).
CREATE TABLE notification_preference (
  user_id uuid PRIMARY KEY REFERENCES app_user(id),
  channels text[] NOT NULL,
  -- quiet hours in Vietnam time, minutes after midnight; both null = none. start > end wraps midnight.
  quiet_start smallint CHECK (quiet_start BETWEEN 0 AND 1439),
  quiet_end smallint CHECK (quiet_end BETWEEN 0 AND 1439),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notification_preference_quiet CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- A staff browser's Push API subscription (RFC 8030 endpoint + RFC 8291 keys).
CREATE TABLE push_subscription (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id),
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_error text
);
CREATE UNIQUE INDEX push_subscription_endpoint_uq ON push_subscription (endpoint);
CREATE INDEX push_subscription_user_idx ON push_subscription (user_id);

-- One row per notification and channel: what happened (a retry skips channels already sent).
CREATE TABLE notification_delivery (
  notification_id uuid NOT NULL REFERENCES notification(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'zalo', 'push')),
  status text NOT NULL CHECK (status IN ('sent', 'failed', 'skipped')),
  detail text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, channel)
);
