-- The audit chain's head moves forward to a stored link, by any number of links at once: the
-- consumer links a batch of entries in one transaction and moves the head once (as the ledger's
-- head moves once per batch). The links themselves stay gap-free, each following its predecessor
-- (link_follows_previous), so a head naming a stored link further on skips nothing. It still never
-- moves back or sideways, never names a link that is not stored, and is never removed.
CREATE OR REPLACE FUNCTION "audit"."head_moves_forward"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sequence" <= OLD."sequence" OR NEW."id" <> OLD."id" THEN
    RAISE EXCEPTION 'the audit chain head only moves forward: % → % refused', OLD."sequence", NEW."sequence"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "audit"."chain_links" WHERE "sequence" = NEW."sequence" AND "hash" = NEW."hash") THEN
    RAISE EXCEPTION 'the audit chain head must name a stored link (sequence %)', NEW."sequence"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
