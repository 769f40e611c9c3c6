-- Online payment of fees and charges for dossiers: payment orders, their append-only event log,
-- every gateway callback received (accepted or rejected), electronic fee receipts (biên lai điện
-- tử), reduction policies for online payment, and the SANDBOX gateway's own order book.
-- Runs on PostgreSQL 15 and PGlite (PG 18): no PG16+ syntax.

CREATE TABLE fee_online_policy (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_code text,              -- NULL: every procedure
  reduction_percent numeric(5,2) NOT NULL CHECK (reduction_percent BETWEEN 0 AND 100),
  basis text NOT NULL,              -- the resolution/decision that sets the reduction
  valid_from date NOT NULL,
  valid_to date,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL,
  dossier_code text NOT NULL,
  request_index integer NOT NULL,   -- which payment request of the dossier (state.payments[i])
  payer_user_id uuid NOT NULL REFERENCES app_user(id),
  payer_name text NOT NULL,
  agency_ids uuid[] NOT NULL DEFAULT '{}',
  collecting_agency_id uuid NOT NULL,
  items jsonb NOT NULL,             -- [{ name, amount, reductionPercent, due }]
  gross_amount bigint NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  gateway text NOT NULL,
  order_ref text NOT NULL UNIQUE,
  checkout_url text,
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired')),
  gateway_txn_id text UNIQUE,
  expires_at timestamptz NOT NULL,
  paid_at timestamptz,
  failure_reason text,
  receipt_series text,
  receipt_no text,
  dossier_resumed_at timestamptz,
  dossier_note text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_dossier_idx ON payment (dossier_id, created_at);
CREATE INDEX payment_pending_idx ON payment (expires_at) WHERE status = 'pending';
CREATE INDEX payment_created_idx ON payment (created_at);
CREATE UNIQUE INDEX payment_receipt_uq ON payment (receipt_series, receipt_no) WHERE receipt_no IS NOT NULL;

CREATE TABLE payment_event (
  id bigserial PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payment(id),
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX payment_event_payment_idx ON payment_event (payment_id, id);

-- Every callback the gateway sent, with the verdict; accepted callbacks are unique per transaction.
CREATE TABLE payment_callback (
  id bigserial PRIMARY KEY,
  gateway text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  order_ref text,
  txn_id text,
  amount bigint,
  status text,
  signature_ok boolean NOT NULL,
  outcome text NOT NULL,            -- accepted | rejected:<code>
  payload jsonb NOT NULL
);
CREATE UNIQUE INDEX payment_callback_accepted_uq ON payment_callback (gateway, txn_id) WHERE outcome = 'accepted';
CREATE INDEX payment_callback_order_idx ON payment_callback (order_ref);

CREATE OR REPLACE FUNCTION payment_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER payment_event_no_update BEFORE UPDATE OR DELETE ON payment_event FOR EACH ROW EXECUTE FUNCTION payment_log_append_only();
CREATE TRIGGER payment_callback_no_update BEFORE UPDATE OR DELETE ON payment_callback FOR EACH ROW EXECUTE FUNCTION payment_log_append_only();

-- Receipt numbers: one sequence per series (never reused).
CREATE TABLE fee_receipt_counter (
  series text PRIMARY KEY,
  last integer NOT NULL
);

-- The SANDBOX gateway's order book: stands in for the external payment platform in development.
CREATE TABLE sandbox_gateway_order (
  order_ref text PRIMARY KEY,
  amount bigint NOT NULL,
  description text NOT NULL,
  return_url text NOT NULL,
  status text NOT NULL CHECK (status IN ('created', 'pending', 'success', 'failed', 'cancelled')),
  txn_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  completed_at timestamptz
);
