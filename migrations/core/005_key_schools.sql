-- A key that names no school is a school of its own: its students were stored under the key's id, which a
-- named school could equal (the school pattern accepts a UUID). They move to 'key:<id>', a form no `school`
-- value can take (':' is outside its pattern).
UPDATE edu_external_users SET school = 'key:' || school
 WHERE school IN (SELECT id::text FROM edu_api_keys WHERE school IS NULL);
