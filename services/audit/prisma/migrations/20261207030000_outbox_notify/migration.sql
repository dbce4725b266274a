-- Wakes the outbox relay of the audit service the moment events are committed
-- (libs/messaging/src/publisher-lease.ts LISTENs on the channel "ipledger_outbox_audit"): rows
-- appended by any instance of the service, and rows marked for republishing by
-- `ipledger outbox republish`. NOTIFY is delivered at commit, once per channel and transaction,
-- and only within this database; the relay's poll (OUTBOX_POLL_INTERVAL_MS) stays as the fallback.
CREATE FUNCTION "audit"."notify_outbox"() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM pg_notify('ipledger_outbox_audit', '');
  RETURN NULL;
END;
$$;

-- Every statement that appends events (one notification per transaction, however many rows).
CREATE TRIGGER "outbox_appended" AFTER INSERT ON "audit"."outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."notify_outbox"();

-- A republish request (set, or set again): not the relay's own marking, which clears it.
CREATE TRIGGER "outbox_republish_requested" AFTER UPDATE OF "republish_requested_at" ON "audit"."outbox"
  FOR EACH ROW WHEN (NEW."republish_requested_at" IS NOT NULL AND NEW."republish_requested_at" IS DISTINCT FROM OLD."republish_requested_at")
  EXECUTE FUNCTION "audit"."notify_outbox"();
