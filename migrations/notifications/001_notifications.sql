-- In-app notifications. One row per recipient and source: `source_key` is the event id that caused it
-- (or a batch key such as `lesson.added:<course>:<day>`), so an event delivered twice makes one row.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  type text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  data jsonb NOT NULL DEFAULT '{}',
  source_key text NOT NULL,
  -- False when the recipient switched the in-app channel off for this type (the row then only backs email).
  in_app boolean NOT NULL DEFAULT true,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notifications_source_recipient UNIQUE (user_id, source_key)
);
-- The feed, newest first (ids are UUIDv7, time-ordered), and the unread count / unread filter.
CREATE INDEX notifications_feed ON notifications (user_id, id DESC) WHERE in_app;
CREATE INDEX notifications_unread ON notifications (user_id, id DESC) WHERE in_app AND read_at IS NULL;

-- Only what a user changed from the defaults.
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL,
  type text NOT NULL,
  in_app boolean NOT NULL,
  email boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, type)
);

-- Keys this plugin generates once and every engine instance shares (the unsubscribe-link signing key).
CREATE TABLE notification_keys (
  name text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
