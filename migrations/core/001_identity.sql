CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE edu_users (
  id uuid PRIMARY KEY,
  email citext NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('student', 'teacher', 'admin')),
  is_verified boolean NOT NULL DEFAULT false,
  email_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edu_users_pending_teachers ON edu_users (created_at, id) WHERE role = 'teacher' AND NOT is_verified;

CREATE TABLE edu_refresh_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edu_refresh_tokens_family ON edu_refresh_tokens (family_id);
CREATE INDEX edu_refresh_tokens_user ON edu_refresh_tokens (user_id);

CREATE TABLE edu_user_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('email_verify', 'password_reset')),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edu_user_tokens_user ON edu_user_tokens (user_id, purpose);

CREATE TABLE edu_api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  scopes text[] NOT NULL,
  created_by uuid REFERENCES edu_users (id) ON DELETE SET NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE edu_meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
