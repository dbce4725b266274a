// Retention against a real PostgreSQL, connected as the services' own roles (no DELETE on these
// tables: the pruning goes through the schema's retention functions). The rows are arranged as
// the administrator with old timestamps; what is under test is what is deleted and what is kept.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, SqlPrismaClient } from '@ipledger/db';
import { createTestDatabase, pollUntil, type TestDatabase } from '@ipledger/testing';
import { silentLogger, type MessagingLogger } from './logger';
import { MessagingPruner } from './messaging-pruner';
import { RETENTION_DEFAULTS } from './retention-policy';

describe('messaging retention on a real database', () => {
  let database: TestDatabase;
  let admin: SqlPrismaClient;
  const clients: SqlPrismaClient[] = [];

  const as = (service: 'valuation' | 'lending' | 'ledger' | 'identity') => {
    const client = createPrismaClient(SqlPrismaClient, { url: database.urlOf(service), poolSize: 2 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = createPrismaClient(SqlPrismaClient, { url: database.url, poolSize: 2 });
  });

  afterAll(async () => {
    for (const client of clients) await client.$disconnect();
    await admin.$disconnect();
    await database.drop();
  });

  /** An outbox row with its times given as ages ("40 days"), null for none. */
  async function outboxRow(
    schema: string,
    label: string,
    ages: { created: string; published: string | null; republishRequested?: string; republished?: string },
  ): Promise<void> {
    const age = (value: string | null | undefined) => (value === null || value === undefined ? null : value);
    await admin.$executeRawUnsafe(
      `INSERT INTO "${schema}".outbox (event_id, topic, key, type, version, envelope, created_at, published_at, republish_requested_at, republished_at)
       VALUES ($1::uuid, 'ipledger.pledge.v1', $2, 'PledgeApplicationSubmitted', 1, '{}'::jsonb,
               now() - $3::interval, now() - $4::interval, now() - $5::interval, now() - $6::interval)`,
      randomUUID(),
      label,
      ages.created,
      age(ages.published),
      age(ages.republishRequested),
      age(ages.republished),
    );
  }

  async function inboxRow(schema: string, group: string, handled: string): Promise<void> {
    await admin.$executeRawUnsafe(
      `INSERT INTO "${schema}".inbox (consumer_group, event_id, type, handled_at) VALUES ($1, $2::uuid, 'PledgeApplicationSubmitted', now() - $3::interval)`,
      group,
      randomUUID(),
      handled,
    );
  }

  async function idempotencyKey(schema: string, key: string, created: string): Promise<void> {
    await admin.$executeRawUnsafe(
      `INSERT INTO "${schema}".idempotency_keys (actor_org_id, key, request_hash, response_status, response_body, created_at)
       VALUES ('bank-cq-a', $1, 'h', 201, '{}'::jsonb, now() - $2::interval)`,
      key,
      created,
    );
  }

  async function labels(sql: string): Promise<string[]> {
    const rows = await admin.$queryRawUnsafe<{ label: string }[]>(sql);
    return rows.map((row) => row.label).sort();
  }

  /** 'ok', or the error the statement failed with. */
  async function refusal(run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('prunes old published events, old inbox rows and old idempotency keys, and keeps everything retention must keep', async () => {
    // Outbox, 30 days' retention.
    await outboxRow('valuation', 'old-published', { created: '41 days', published: '40 days' });
    await outboxRow('valuation', 'old-published-2', { created: '35 days', published: '35 days' });
    await outboxRow('valuation', 'young-published', { created: '2 days', published: '2 days' });
    await outboxRow('valuation', 'old-but-published-late', { created: '45 days', published: '29 days' });
    await outboxRow('valuation', 'old-unpublished', { created: '90 days', published: null });
    await outboxRow('valuation', 'old-marked-for-republishing', { created: '60 days', published: '60 days', republishRequested: '1 hour' });
    // Old by its first publication: a later republish does not extend it (the inboxes date from the first).
    await outboxRow('valuation', 'old-republished-lately', { created: '60 days', published: '60 days', republished: '3 days' });
    // Inbox, 30 days.
    await inboxRow('valuation', 'old-group', '31 days');
    await inboxRow('valuation', 'young-group', '29 days');
    // Idempotency keys, 30 days.
    await idempotencyKey('valuation', 'old-key', '31 days');
    await idempotencyKey('valuation', 'young-key', '10 days');

    const logged: { fields: Record<string, unknown>; message: string }[] = [];
    const logger: MessagingLogger = { ...silentLogger, info: (fields, message) => void logged.push({ fields, message }) };
    const pruner = new MessagingPruner({ db: as('valuation'), schema: 'valuation', policy: RETENTION_DEFAULTS, logger });
    const round = await pruner.pruneOnce();

    expect(round).toEqual({ pruned: { outbox: 3, inbox: 1, idempotency_keys: 1 }, failed: [], unprunable: [] });
    expect(await labels('SELECT key AS label FROM valuation.outbox')).toEqual([
      'old-but-published-late',
      'old-marked-for-republishing',
      'old-unpublished',
      'young-published',
    ]);
    expect(await labels('SELECT consumer_group AS label FROM valuation.inbox')).toEqual(['young-group']);
    expect(await labels('SELECT key AS label FROM valuation.idempotency_keys')).toEqual(['young-key']);
    expect(logged).toEqual([
      {
        fields: expect.objectContaining({ schema: 'valuation', outbox: 3, inbox: 1, idempotency_keys: 1 }),
        message: 'messaging retention: pruned old rows',
      },
    ]);
    expect(pruner.prunedTotals()).toEqual({ outbox: 3, inbox: 1, idempotency_keys: 1 });
    expect(pruner.lastCompleteRound()).toBeInstanceOf(Date);

    // A second round finds nothing more.
    expect((await pruner.pruneOnce()).pruned).toEqual({ outbox: 0, inbox: 0, idempotency_keys: 0 });
  });

  it('never prunes an idempotency key inside the 7 days the API promises, whatever it is asked', async () => {
    await idempotencyKey('lending', 'six-days', '6 days');
    await idempotencyKey('lending', 'eight-days', '8 days');
    const lending = as('lending');
    const pruner = new MessagingPruner({
      db: lending,
      schema: 'lending',
      policy: { outboxDays: 1, inboxDays: 1, idempotencyKeyDays: 7 },
      logger: silentLogger,
    });
    expect((await pruner.pruneOnce()).pruned.idempotency_keys).toBe(1);
    expect(await labels(`SELECT key AS label FROM lending.idempotency_keys WHERE key IN ('six-days', 'eight-days')`)).toEqual(['six-days']);

    // The function itself refuses a shorter age (a pruner misconfigured, or anything else holding the role).
    expect(await refusal(() => lending.$queryRawUnsafe(`SELECT lending.prune_idempotency_keys('6 days 23 hours', 1000)`))).toContain(
      'lending.prune_idempotency_keys: older_than must be at least 7 days, not 6 days 23:00:00',
    );
    expect(await refusal(() => lending.$queryRawUnsafe(`SELECT lending.prune_outbox('23 hours', 1000)`))).toContain(
      'lending.prune_outbox: older_than must be at least 1 day',
    );
    expect(await refusal(() => lending.$queryRawUnsafe(`SELECT lending.prune_inbox('1 day', 10001)`))).toContain(
      'lending.prune_inbox: batch_size must be 1 to 10000, not 10001',
    );
    expect(await labels(`SELECT key AS label FROM lending.idempotency_keys WHERE key = 'six-days'`)).toEqual(['six-days']);
  });

  it('deletes in bounded batches: one statement at most batch_size rows, the pruner calling again until done', async () => {
    for (let n = 0; n < 5; n += 1) await outboxRow('ledger', `batch-${n}`, { created: '50 days', published: '50 days' });
    await outboxRow('ledger', 'batch-young', { created: '1 hour', published: '1 hour' });
    const ledger = as('ledger');

    const [first] = await ledger.$queryRawUnsafe<{ pruned: number }[]>(`SELECT ledger.prune_outbox('30 days', 2) AS pruned`);
    expect(first.pruned).toBe(2);

    // The ledger keeps no idempotency keys: the pruner prunes what the schema has.
    const pruner = new MessagingPruner({ db: ledger, schema: 'ledger', policy: RETENTION_DEFAULTS, logger: silentLogger, batchSize: 2 });
    expect(await pruner.pruneOnce()).toEqual({ pruned: { outbox: 3, inbox: 0, idempotency_keys: 0 }, failed: [], unprunable: [] });
    expect(await labels(`SELECT key AS label FROM ledger.outbox WHERE key LIKE 'batch-%'`)).toEqual(['batch-young']);
  });

  it('runs at start and then every interval, until stopped', async () => {
    await outboxRow('identity', 'identity-old', { created: '40 days', published: '40 days' });
    const pruner = new MessagingPruner({
      db: as('identity'),
      schema: 'identity',
      policy: RETENTION_DEFAULTS,
      logger: silentLogger,
      intervalMs: 200,
    });
    pruner.start();
    try {
      await pollUntil(() => pruner.prunedTotals().outbox === 1, { description: 'the first round pruned the old identity event' });
      await outboxRow('identity', 'identity-old-2', { created: '40 days', published: '40 days' });
      await pollUntil(() => pruner.prunedTotals().outbox === 2, { description: 'a later round pruned the second one' });
    } finally {
      await pruner.stop();
    }
    expect(await labels(`SELECT key AS label FROM identity.outbox WHERE key LIKE 'identity-old%'`)).toEqual([]);
  });

  it('waits for the relay: it prunes nothing while the relay or a republish holds the outbox lock', async () => {
    await outboxRow('valuation', 'locked-old', { created: '40 days', published: '40 days' });
    const holder = as('valuation');
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = holder.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('ipledger.outbox.valuation'))`);
        await released;
      },
      { timeout: 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pruning = as('valuation').$queryRawUnsafe<{ pruned: number }[]>(`SELECT valuation.prune_outbox('30 days', 1000) AS pruned`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await labels(`SELECT key AS label FROM valuation.outbox WHERE key = 'locked-old'`)).toEqual(['locked-old']);
    release();
    await holding;
    expect((await pruning)[0].pruned).toBe(1);
    expect(await labels(`SELECT key AS label FROM valuation.outbox WHERE key = 'locked-old'`)).toEqual([]);
  });
});
