-- A payment for one course by one student; the amount is the course price read on the server.
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE RESTRICT,
  course_id uuid NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  status text NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
  provider text NOT NULL,
  provider_ref text,
  checkout_url text,
  provider_refund_ref text,
  idempotency_key text NOT NULL,
  -- sha256 of the canonical request: the same key with another body is a conflict.
  request_hash text NOT NULL,
  completed_at timestamptz,
  failed_at timestamptz,
  refunded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_student_idempotency_key UNIQUE (student_id, idempotency_key)
);
-- No double charges: at most one pending or completed payment per student and course.
CREATE UNIQUE INDEX payments_one_open_per_course ON payments (student_id, course_id) WHERE status IN ('pending', 'completed');
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_student_page ON payments (student_id, id);

-- Provider webhook events already applied: a redelivered event changes nothing.
CREATE TABLE payment_webhook_events (
  provider text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  payment_id uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);
