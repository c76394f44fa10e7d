-- One row per (event, subscriber): each handler is delivered, retried and dead-lettered on its own.
CREATE TABLE edu_outbox (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL,
  event text NOT NULL,
  subscriber text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (event_id, subscriber)
);
CREATE INDEX edu_outbox_due ON edu_outbox (available_at, id) WHERE status = 'pending';
