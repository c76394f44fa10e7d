-- Students of embedding schools: the school's own user id, linked to the engine's account.
-- A key's embedded students belong to its school (or to the key itself when it names none).
ALTER TABLE edu_api_keys ADD COLUMN school text;

CREATE TABLE edu_external_users (
  school text NOT NULL,
  external_user_id text NOT NULL,
  user_id uuid NOT NULL UNIQUE REFERENCES edu_users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school, external_user_id)
);

-- GET /admin/api-keys: newest first, a page at a time.
CREATE INDEX edu_api_keys_active ON edu_api_keys (created_at DESC, id DESC) WHERE revoked_at IS NULL;
