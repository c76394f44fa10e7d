-- Students of embedding schools are identities of their school, found by (school, external_user_id) in
-- edu_external_users, never by address. The address a school gives is contact data: it reserves nothing,
-- so only self-registered accounts (and admins) hold their address uniquely, and only they are found by
-- sign-in, password reset or registration.
ALTER TABLE edu_users ADD COLUMN embedded boolean NOT NULL DEFAULT false;
UPDATE edu_users SET embedded = true WHERE id IN (SELECT user_id FROM edu_external_users);
ALTER TABLE edu_users DROP CONSTRAINT edu_users_email_key;
CREATE UNIQUE INDEX edu_users_email_key ON edu_users (email) WHERE NOT embedded;
