// The audit service against a real PostgreSQL and Kafka: it stores every CommandAudited record
// once (a redelivery changes nothing) and links it into the hash chain, answers the bureau's
// queries and exports the chain with signed checkpoints; its database refuses to change or remove
// an entry, and a change made behind the database's back (a superuser switching the triggers off)
// is found by verifying the export with the public key alone.
import { randomUUID } from 'node:crypto';
import type { AuditListResponse, ErrorBody, EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { verifyAuditExport } from '@ipledger/audit-proof';
import { parseLedgerPublicKey } from '@ipledger/ledger-proof';
import { createServiceApp, loadConfig, newId, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, pollUntil, serviceUnderTest, testEnvironment } from '@ipledger/testing';
import { AuditBatchConsumer } from './audit-batch.consumer';
import { AuditChainRepository } from './audit-chain.repository';
import { loadAuditConfig } from './audit.config';
import { AuditModule } from './audit.module';
import { AuditRepository } from './audit.repository';
import { PrismaClient } from './database';

const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
const BANK = actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' });
/** The actor of records made by the tests of storing, kept out of the query tests' answers. */
const OTHER_SENDER = { orgId: 'bank-cq-b', role: 'bank', userId: 'burst.sender' } as const;
const claimId = newId('claim');
const otherClaimId = newId('claim');
const userId = `auditor-test-${randomUUID().slice(0, 8)}`;

function audited(at: string, overrides: Partial<PayloadOf<'CommandAudited'>> = {}): EventEnvelope<'CommandAudited'> {
  const payload: PayloadOf<'CommandAudited'> = {
    auditId: newId('audit'),
    at,
    service: 'risk-compensation',
    method: 'POST',
    path: '/api/claims/{claimId}/approve',
    targetId: claimId,
    actor: { orgId: 'bureau-cq', role: 'bureau', userId },
    requestId: `req-${randomUUID()}`,
    correlationId: `corr-${randomUUID()}`,
    outcome: 'succeeded',
    status: 200,
    reason: null,
    ...overrides,
  };
  return {
    eventId: randomUUID(),
    type: 'CommandAudited',
    version: 1,
    occurredAt: at,
    key: payload.auditId,
    correlationId: payload.correlationId,
    causationId: payload.requestId,
    producer: payload.service,
    actor: { orgId: 'bureau-cq', role: 'bureau', userId },
    payload,
  };
}

describe('audit on a real broker and database', () => {
  const sut = serviceUnderTest(
    { service: 'audit', schema: 'audit', prismaClient: PrismaClient, consumer: 'audit', module: AuditModule },
    {
      createApp: (definition, env) =>
        createServiceApp(
          { ...definition, module: AuditModule.withConfig(loadAuditConfig(env)), batchConsumer: AuditBatchConsumer },
          loadConfig(ServiceConfigSchema, env),
        ),
      env: { AUDIT_CHECKPOINT_EVERY_ENTRIES: '2', AUDIT_CHECKPOINT_INTERVAL_MS: '200' },
    },
  );
  const publicKey = () => parseLedgerPublicKey(testEnvironment().auditPublicKey);
  const exported = async (): Promise<string[]> => {
    const response = await fetch(`${sut.baseUrl}/api/audit/export`, { headers: BUREAU });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    return (await response.text()).split('\n');
  };
  const verified = async () => verifyAuditExport(await exported(), [publicKey()]);
  /** Runs `sql` as the superuser with the triggers (and foreign keys) switched off, as an attacker with database access would. */
  const behindTheDatabasesBack = (...statements: string[]) =>
    sut.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      for (const statement of statements) await tx.$executeRawUnsafe(statement);
    });
  const query = (search: string, headers: Record<string, string> = BUREAU) =>
    sut.call<AuditListResponse & ErrorBody>('GET', `/api/audit${search}`, headers);

  const approved = audited('2026-01-05T02:00:00.000Z');
  const denied = audited('2026-01-05T03:00:00.000Z', {
    actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' },
    outcome: 'denied',
    status: 403,
    reason: 'forbidden: role bank may not call POST /api/claims/{claimId}/approve; allowed: bureau',
  });
  const anonymous = audited('2026-01-05T04:00:00.000Z', {
    actor: { orgId: null, role: null, userId: null },
    targetId: otherClaimId,
    outcome: 'denied',
    status: 401,
    reason: 'unauthenticated: this route needs a bearer token',
  });
  const probe = audited('2026-01-05T04:30:00.000Z', {
    service: 'lending',
    method: 'GET',
    path: '/api/loans/{loanId}',
    targetId: 'ln_00000000000000000000000000000000',
    actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' },
    outcome: 'refused',
    status: 404,
    reason: 'not-found: no loan ln_00000000000000000000000000000000',
    sourceAddress: '198.51.100.23',
    userAgent: 'probe/1.0',
  });
  const login = audited('2026-01-05T05:00:00.000Z', {
    service: 'identity',
    path: '/api/auth/login',
    targetId: null,
    actor: { orgId: null, role: null, userId },
    outcome: 'denied',
    status: 401,
    reason: 'unauthenticated: invalid username or password',
  });

  beforeAll(async () => {
    await sut.produce(approved, denied, anonymous, probe, login);
    await sut.consumedAll('audit');
  });

  it('stores each record it consumes once: a redelivery changes nothing', async () => {
    expect(await sut.prisma.auditEntry.count()).toBeGreaterThanOrEqual(4);
    const before = await sut.prisma.auditEntry.findUniqueOrThrow({ where: { auditId: approved.payload.auditId } });

    const [position] = await sut.produce(approved);
    if (position) await sut.consumedPast(position);

    expect(await sut.prisma.auditEntry.count({ where: { auditId: approved.payload.auditId } })).toBe(1);
    expect(await sut.prisma.auditEntry.findUniqueOrThrow({ where: { auditId: approved.payload.auditId } })).toEqual(before);
    expect(before).toMatchObject({
      service: 'risk-compensation',
      path: '/api/claims/{claimId}/approve',
      targetId: claimId,
      actorOrgId: 'bureau-cq',
      actorRole: 'bureau',
      actorUserId: userId,
      outcome: 'succeeded',
      status: 200,
    });
  });

  it('stores a burst of records together, each once and linked once, a record carried twice kept as first stored', async () => {
    const burst = Array.from({ length: 40 }, (_, index) =>
      audited(`2026-01-06T0${index % 10}:00:00.000Z`, {
        targetId: `burst-${index}`,
        actor: OTHER_SENDER,
      }),
    );
    const again = { ...burst[7], eventId: randomUUID() }; // the same record in another event, in the same batch
    const positions = await sut.produce(...burst, again);
    const last = positions.at(-1);
    if (last) await sut.consumedPast(last);
    await sut.consumedAll('audit');

    const stored = await sut.prisma.auditEntry.findMany({
      where: { auditId: { in: burst.map((event) => event.payload.auditId) } },
      include: { link: true },
    });
    expect(stored).toHaveLength(burst.length);
    expect(stored.every((row) => row.link !== null)).toBe(true);
    expect(stored.find((row) => row.auditId === again.payload.auditId)?.eventId).toBe(burst[7].eventId);
    const count = await sut.prisma.auditEntry.count();
    expect(await sut.prisma.auditChainLink.count()).toBe(count);
    expect(await verified()).toMatchObject({ ok: true, entries: count });
  });

  it('stores and links many records in one transaction, moving the head once past them', async () => {
    const records = [1, 2, 3].map((hour) => audited(`2026-01-07T0${hour}:00:00.000Z`, { targetId: 'together', actor: OTHER_SENDER }));
    const before = await sut.app.get(AuditChainRepository).head();
    await sut.prisma.$transaction((tx) =>
      sut.app.get(AuditRepository).storeAll(
        tx,
        [...records, records[0]].map((event) => ({ entry: event.payload, eventId: event.eventId })),
      ),
    );

    const links = await sut.prisma.auditChainLink.findMany({ where: { sequence: { gt: before.sequence } }, orderBy: { sequence: 'asc' } });
    expect(links.map((link) => link.auditId)).toEqual(records.map((event) => event.payload.auditId));
    expect(links[0]?.previousHash).toBe(before.hash);
    expect(await sut.app.get(AuditChainRepository).head()).toEqual({ sequence: before.sequence + 3n, hash: links[2]?.hash });
    expect(await verified()).toMatchObject({ ok: true });
  });

  it('answers the bureau by target, user, organisation, outcome and time, newest first', async () => {
    const ids = (body: AuditListResponse) => body.items.map((item) => item.auditId);

    const byTarget = await query(`?targetId=${claimId}`);
    expect(byTarget.status).toBe(200);
    expect(ids(byTarget.body)).toEqual([denied.payload.auditId, approved.payload.auditId]);
    expect(byTarget.body.items[1]).toEqual({
      ...approved.payload,
      sourceAddress: null,
      userAgent: null,
      recordedAt: expect.any(String),
      sequence: expect.stringMatching(/^\d+$/),
    });

    expect(ids((await query(`?userId=${userId}`)).body)).toEqual([login.payload.auditId, approved.payload.auditId]);
    expect(ids((await query(`?orgId=bank-cq-a&targetId=${claimId}`)).body)).toEqual([denied.payload.auditId]);
    expect(ids((await query(`?outcome=denied&targetId=${otherClaimId}`)).body)).toEqual([anonymous.payload.auditId]);
    expect(ids((await query('?from=2026-01-05T02:30:00.000Z&to=2026-01-05T04:00:00.000Z')).body)).toEqual([denied.payload.auditId]);
    expect(ids((await query('?from=2026-01-05T00:00:00.000Z&to=2026-01-06T00:00:00.000Z&limit=2')).body)).toEqual([
      login.payload.auditId,
      probe.payload.auditId,
    ]);
    expect((await query(`?targetId=${probe.payload.targetId}`)).body.items[0]).toMatchObject({
      status: 404,
      sourceAddress: '198.51.100.23',
      userAgent: 'probe/1.0',
    });
  });

  it('refuses a bad query naming the field', async () => {
    const refused = await query('?limit=501&outcome=maybe');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.map((issue) => issue.field).sort()).toEqual(['query.limit', 'query.outcome']);
  });

  it('lets only the bureau read the trail, and records the denied attempt in it', async () => {
    const requestId = `req-${randomUUID()}`;
    const refused = await query('', {
      ...BANK,
      'x-request-id': requestId,
      'user-agent': 'bank-core/2.1',
      'x-forwarded-for': '203.0.113.44',
    });
    expect(refused.status).toBe(403);
    expect((await query('', {})).status).toBe(401);

    // The audit service audits itself like any other: its record comes back through the topic.
    const [entry] = await pollUntil(
      async () => {
        const found = (await query(`?userId=li.wei&outcome=denied`)).body.items.filter((item) => item.requestId === requestId);
        return found.length > 0 ? found : undefined;
      },
      { description: 'the denied read to reach the audit trail' },
    );
    expect(entry).toMatchObject({
      service: 'audit',
      method: 'GET',
      path: '/api/audit',
      status: 403,
      actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' },
      // From loopback, a trusted proxy by default: its X-Forwarded-For is believed.
      sourceAddress: '203.0.113.44',
      userAgent: 'bank-core/2.1',
      requestId,
    });
    // The entry's id is the server's, not the caller's request id.
    expect(entry?.auditId).toMatch(/^aud_[0-9a-f]{32}$/);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE of an entry are refused', async () => {
    const id = approved.payload.auditId;
    await expect(sut.prisma.$executeRawUnsafe(`UPDATE audit.entries SET outcome = 'refused' WHERE audit_id = $1`, id)).rejects.toThrow(
      /append-only/,
    );
    await expect(sut.prisma.$executeRawUnsafe(`DELETE FROM audit.entries WHERE audit_id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(sut.prisma.$executeRawUnsafe('TRUNCATE audit.entries')).rejects.toThrow(/foreign key|append-only/);
    await expect(sut.prisma.$executeRawUnsafe('TRUNCATE audit.entries CASCADE')).rejects.toThrow(/append-only/);
    await expect(sut.prisma.auditEntry.deleteMany({ where: { auditId: id } })).rejects.toThrow();
    expect(await sut.prisma.auditEntry.findUnique({ where: { auditId: id } })).toMatchObject({ outcome: 'succeeded' });
  });

  it('chains every entry gap-free and signs checkpoints that the export carries', async () => {
    const count = await sut.prisma.auditEntry.count();
    const links = await sut.prisma.auditChainLink.findMany({ orderBy: { sequence: 'asc' } });
    expect(links.map((link) => link.sequence)).toEqual(Array.from({ length: count }, (_, index) => BigInt(index + 1)));
    await pollUntil(async () => ((await sut.prisma.auditCheckpoint.count()) > 0 ? true : undefined), {
      description: 'a signed audit checkpoint',
    });

    const result = await verified();
    expect(result).toMatchObject({ ok: true, entries: count });
    expect(result.ok && result.checkpoints).toBeGreaterThan(0);
  });

  it('refuses to change or remove a link of the chain or a checkpoint', async () => {
    await expect(sut.prisma.$executeRawUnsafe(`UPDATE audit.chain_links SET hash = repeat('a', 64) WHERE sequence = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(sut.prisma.$executeRawUnsafe(`DELETE FROM audit.checkpoints`)).rejects.toThrow(/append-only/);
    await expect(sut.prisma.$executeRawUnsafe(`UPDATE audit.chain_head SET sequence = sequence - 1`)).rejects.toThrow(/only moves forward/);
    await expect(sut.prisma.$executeRawUnsafe(`UPDATE audit.chain_head SET sequence = sequence + 5`)).rejects.toThrow(
      /must name a stored link/,
    );
    await expect(
      sut.prisma.$executeRawUnsafe(
        `INSERT INTO audit.chain_links (sequence, audit_id, previous_hash, hash) VALUES (1000, $1, repeat('b', 64), repeat('c', 64))`,
        approved.payload.auditId,
      ),
    ).rejects.toThrow(/does not follow/);
  });

  it('finds an entry changed by a superuser with the triggers off, naming its sequence', async () => {
    const id = denied.payload.auditId;
    const link = await sut.prisma.auditChainLink.findUniqueOrThrow({ where: { auditId: id } });
    await behindTheDatabasesBack(`UPDATE audit.entries SET outcome = 'succeeded', status = 200, reason = NULL WHERE audit_id = '${id}'`);

    const result = await verified();
    expect(result).toMatchObject({ ok: false, sequence: link.sequence, auditId: id, reason: expect.stringMatching(/was altered/) });

    await behindTheDatabasesBack(
      `UPDATE audit.entries SET outcome = 'denied', status = 403, reason = '${denied.payload.reason}' WHERE audit_id = '${id}'`,
    );
    expect(await verified()).toMatchObject({ ok: true });
  });

  it('finds an entry deleted by a superuser, and a gap forged by deleting its link too', async () => {
    const id = anonymous.payload.auditId;
    const link = await sut.prisma.auditChainLink.findUniqueOrThrow({ where: { auditId: id } });
    const [row] = await sut.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM audit.entries WHERE audit_id = $1`, id);
    await behindTheDatabasesBack(`DELETE FROM audit.entries WHERE audit_id = '${id}'`);

    expect(await verified()).toMatchObject({
      ok: false,
      sequence: link.sequence + 1n,
      reason: expect.stringMatching(new RegExp(`expected sequence ${link.sequence}`)),
    });

    // The link removed as well: the sequence itself now has a gap, which verify names the same way.
    await behindTheDatabasesBack(`DELETE FROM audit.chain_links WHERE sequence = ${link.sequence}`);
    expect(await verified()).toMatchObject({
      ok: false,
      sequence: link.sequence + 1n,
      reason: expect.stringMatching(/entries are missing/),
    });

    // Put back exactly as it was: the chain verifies again.
    await sut.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(
        `INSERT INTO audit.entries SELECT * FROM json_populate_record(NULL::audit.entries, $1::json)`,
        JSON.stringify(row),
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO audit.chain_links (sequence, audit_id, previous_hash, hash, chained_at) VALUES ($1::bigint, $2, $3, $4, $5)`,
        link.sequence.toString(),
        link.auditId,
        link.previousHash,
        link.hash,
        link.chainedAt,
      );
    });
    expect(await verified()).toMatchObject({ ok: true });
  });

  it('links entries stored before the chain existed, oldest first, and the chain still verifies', async () => {
    const legacy = [
      audited('2025-12-01T08:00:00.000Z', { targetId: 'legacy-target', actor: OTHER_SENDER }),
      audited('2025-12-01T09:00:00.000Z', { targetId: 'legacy-target', actor: OTHER_SENDER }),
    ];
    for (const { payload, eventId } of legacy) {
      // One at a time, so that their recorded_at (what the backlog is ordered by) differ.
      await sut.prisma.auditEntry.create({
        data: {
          auditId: payload.auditId,
          eventId,
          at: new Date(payload.at),
          service: payload.service,
          method: payload.method,
          path: payload.path,
          targetId: payload.targetId,
          actorOrgId: payload.actor.orgId,
          actorRole: payload.actor.role,
          actorUserId: payload.actor.userId,
          requestId: payload.requestId,
          correlationId: payload.correlationId,
          outcome: payload.outcome,
          status: payload.status,
          reason: payload.reason,
        },
      });
    }

    expect(await sut.app.get(AuditChainRepository).linkBacklog()).toBe(2);
    const links = await sut.prisma.auditChainLink.findMany({
      where: { auditId: { in: legacy.map((event) => event.payload.auditId) } },
      orderBy: { sequence: 'asc' },
    });
    expect(links.map((link) => link.auditId)).toEqual(legacy.map((event) => event.payload.auditId));
    expect(await verified()).toMatchObject({ ok: true });
  });
});
