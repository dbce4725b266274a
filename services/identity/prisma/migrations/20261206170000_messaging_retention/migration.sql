-- Retention of the identity service's messaging tables (libs/messaging/src/messaging-pruner.ts,
-- docs/operations.md "Retention"). The service's role may not DELETE from them (a service that
-- could delete its unpublished events or its inbox could lose or repeat effects); it may only call
-- these functions, which run as the owner and delete nothing but what retention allows: at most
-- batch_size rows per call (short locks), never younger than the floor each one checks.

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "identity"."idempotency_keys"("created_at");

-- Events first published before now() - older_than: never a row the relay has still to publish or
-- republish (published_at IS NULL OR republish_requested_at IS NOT NULL, outbox-relay.ts PENDING).
-- By the first publication, not the last republish: every consumer handled a kept row after it,
-- so its inbox row (kept at least as long, config.ts) is there for any republish of a kept row. Under the relay's advisory lock, so neither a relay batch nor
-- `ipledger outbox republish` (which counts, then marks, under the same lock) sees rows vanish.
CREATE FUNCTION "identity"."prune_outbox"("older_than" interval, "batch_size" integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
  cutoff timestamptz;
  pruned integer;
BEGIN
  IF older_than IS NULL OR older_than < interval '1 day' THEN
    RAISE EXCEPTION 'identity.prune_outbox: older_than must be at least 1 day, not %', older_than USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF batch_size IS NULL OR batch_size < 1 OR batch_size > 10000 THEN
    RAISE EXCEPTION 'identity.prune_outbox: batch_size must be 1 to 10000, not %', batch_size USING ERRCODE = 'invalid_parameter_value';
  END IF;
  cutoff := now() - older_than;
  PERFORM pg_advisory_xact_lock(hashtext('ipledger.outbox.identity'));
  DELETE FROM "identity"."outbox"
   WHERE "id" = ANY (ARRAY(
           SELECT "id" FROM "identity"."outbox"
            WHERE "published_at" < cutoff AND "republish_requested_at" IS NULL
            ORDER BY "published_at" LIMIT batch_size))
     -- Checked again on the row as it is when deleted: a republish request meanwhile keeps it.
     AND "published_at" < cutoff AND "republish_requested_at" IS NULL;
  GET DIAGNOSTICS pruned = ROW_COUNT;
  RETURN pruned;
END;
$$;
REVOKE ALL ON FUNCTION "identity"."prune_outbox"(interval, integer) FROM PUBLIC;

-- Idempotency keys recorded before older_than, never within the 7 days docs/api.md promises.
CREATE FUNCTION "identity"."prune_idempotency_keys"("older_than" interval, "batch_size" integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
  cutoff timestamptz;
  pruned integer;
BEGIN
  IF older_than IS NULL OR older_than < interval '7 days' THEN
    RAISE EXCEPTION 'identity.prune_idempotency_keys: older_than must be at least 7 days, not %', older_than USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF batch_size IS NULL OR batch_size < 1 OR batch_size > 10000 THEN
    RAISE EXCEPTION 'identity.prune_idempotency_keys: batch_size must be 1 to 10000, not %', batch_size USING ERRCODE = 'invalid_parameter_value';
  END IF;
  cutoff := now() - older_than;
  DELETE FROM "identity"."idempotency_keys"
   WHERE ("actor_org_id", "key") IN (
           SELECT "actor_org_id", "key" FROM "identity"."idempotency_keys"
            WHERE "created_at" < cutoff ORDER BY "created_at" LIMIT batch_size)
     AND "created_at" < cutoff;
  GET DIAGNOSTICS pruned = ROW_COUNT;
  RETURN pruned;
END;
$$;
REVOKE ALL ON FUNCTION "identity"."prune_idempotency_keys"(interval, integer) FROM PUBLIC;
