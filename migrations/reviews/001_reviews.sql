-- One review per student and course. The comment is plain text, stored exactly as written.
CREATE TABLE reviews (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL,
  author_id uuid NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 5000),
  -- Moderation: a hidden review leaves the public list and the course's average.
  hidden boolean NOT NULL DEFAULT false,
  hidden_reason text,
  hidden_at timestamptz,
  hidden_by uuid,
  -- The course owner's one reply.
  reply_body text CHECK (char_length(reply_body) <= 5000),
  reply_created_at timestamptz,
  reply_updated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reviews_course_author UNIQUE (course_id, author_id)
);
-- Keyset pages, one index per sort (newest first breaks rating ties). Hidden rows are few: filtered, not indexed apart.
CREATE INDEX reviews_course_newest ON reviews (course_id, created_at DESC, id DESC);
CREATE INDEX reviews_course_rating_desc ON reviews (course_id, rating DESC, created_at DESC, id DESC);
CREATE INDEX reviews_course_rating_asc ON reviews (course_id, rating ASC, created_at DESC, id DESC);
-- A renamed user: the courses whose review pages show the name.
CREATE INDEX reviews_author ON reviews (author_id);

-- The visible (not hidden) reviews of a course, summed: the course's average, count and histogram.
-- Kept by the trigger below in the transaction of every review write; the row lock it takes serializes
-- concurrent writes to one course, so each transaction reads the figures its own commit leaves.
CREATE TABLE review_course_stats (
  course_id uuid PRIMARY KEY,
  review_count integer NOT NULL DEFAULT 0 CHECK (review_count >= 0),
  rating_sum integer NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
  stars_1 integer NOT NULL DEFAULT 0 CHECK (stars_1 >= 0),
  stars_2 integer NOT NULL DEFAULT 0 CHECK (stars_2 >= 0),
  stars_3 integer NOT NULL DEFAULT 0 CHECK (stars_3 >= 0),
  stars_4 integer NOT NULL DEFAULT 0 CHECK (stars_4 >= 0),
  stars_5 integer NOT NULL DEFAULT 0 CHECK (stars_5 >= 0)
);

-- Adds (p_sign 1) or removes (p_sign -1) one visible rating. A removal updates the row its addition made
-- (an INSERT of negative figures would fail the CHECKs before ON CONFLICT is considered).
CREATE FUNCTION reviews_stats_add(p_course uuid, p_rating smallint, p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_sign > 0 THEN
    INSERT INTO review_course_stats AS s (course_id, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5)
    VALUES (p_course, 1, p_rating, (p_rating = 1)::int, (p_rating = 2)::int, (p_rating = 3)::int, (p_rating = 4)::int, (p_rating = 5)::int)
    ON CONFLICT (course_id) DO UPDATE SET
      review_count = s.review_count + 1, rating_sum = s.rating_sum + EXCLUDED.rating_sum,
      stars_1 = s.stars_1 + EXCLUDED.stars_1, stars_2 = s.stars_2 + EXCLUDED.stars_2, stars_3 = s.stars_3 + EXCLUDED.stars_3,
      stars_4 = s.stars_4 + EXCLUDED.stars_4, stars_5 = s.stars_5 + EXCLUDED.stars_5;
  ELSE
    UPDATE review_course_stats SET
      review_count = review_count - 1, rating_sum = rating_sum - p_rating,
      stars_1 = stars_1 - (p_rating = 1)::int, stars_2 = stars_2 - (p_rating = 2)::int, stars_3 = stars_3 - (p_rating = 3)::int,
      stars_4 = stars_4 - (p_rating = 4)::int, stars_5 = stars_5 - (p_rating = 5)::int
    WHERE course_id = p_course;
  END IF;
END
$$;

-- Every path that changes a visible review (insert, edit, delete, hide, show, a cascade) moves the sums.
CREATE FUNCTION reviews_stats_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.hidden THEN
    IF TG_OP = 'UPDATE' AND NOT NEW.hidden AND NEW.rating = OLD.rating AND NEW.course_id = OLD.course_id THEN
      RETURN NEW; -- a comment or reply edit: the figures do not move
    END IF;
    PERFORM reviews_stats_add(OLD.course_id, OLD.rating, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.hidden THEN
    PERFORM reviews_stats_add(NEW.course_id, NEW.rating, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER reviews_stats AFTER INSERT OR UPDATE OF rating, hidden, course_id OR DELETE ON reviews
  FOR EACH ROW EXECUTE FUNCTION reviews_stats_sync();
