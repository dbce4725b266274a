// The audit service against a real PostgreSQL and Kafka: it stores every CommandAudited record
// once (a redelivery changes nothing), answers the bureau's queries, and its database refuses to
// change or remove an entry.
import { randomUUID } from 'node:crypto';
import type { AuditListResponse, ErrorBody, EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { createServiceApp, loadConfig, newId, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, pollUntil, serviceUnderTest } from '@ipledger/testing';
import { AuditModule } from './audit.module';
import { PrismaClient } from './database';

const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
const BANK = actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' });
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
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)) },
  );
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
    await sut.produce(approved, denied, anonymous, login);
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

  it('answers the bureau by target, user, organisation, outcome and time, newest first', async () => {
    const ids = (body: AuditListResponse) => body.items.map((item) => item.auditId);

    const byTarget = await query(`?targetId=${claimId}`);
    expect(byTarget.status).toBe(200);
    expect(ids(byTarget.body)).toEqual([denied.payload.auditId, approved.payload.auditId]);
    expect(byTarget.body.items[1]).toEqual({ ...approved.payload, recordedAt: expect.any(String) });

    expect(ids((await query(`?userId=${userId}`)).body)).toEqual([login.payload.auditId, approved.payload.auditId]);
    expect(ids((await query(`?orgId=bank-cq-a&targetId=${claimId}`)).body)).toEqual([denied.payload.auditId]);
    expect(ids((await query(`?outcome=denied&targetId=${otherClaimId}`)).body)).toEqual([anonymous.payload.auditId]);
    expect(ids((await query('?from=2026-01-05T02:30:00.000Z&to=2026-01-05T04:00:00.000Z')).body)).toEqual([denied.payload.auditId]);
    expect(ids((await query('?from=2026-01-05T00:00:00.000Z&to=2026-01-06T00:00:00.000Z&limit=2')).body)).toEqual([
      login.payload.auditId,
      anonymous.payload.auditId,
    ]);
  });

  it('refuses a bad query naming the field', async () => {
    const refused = await query('?limit=501&outcome=maybe');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.map((issue) => issue.field).sort()).toEqual(['query.limit', 'query.outcome']);
  });

  it('lets only the bureau read the trail, and records the denied attempt in it', async () => {
    const requestId = `req-${randomUUID()}`;
    const refused = await query('', { ...BANK, 'x-request-id': requestId });
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
    expect(entry).toMatchObject({ service: 'audit', method: 'GET', path: '/api/audit', status: 403, actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' } });
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE of an entry are refused', async () => {
    const id = approved.payload.auditId;
    await expect(sut.prisma.$executeRawUnsafe(`UPDATE audit.entries SET outcome = 'refused' WHERE audit_id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(sut.prisma.$executeRawUnsafe(`DELETE FROM audit.entries WHERE audit_id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(sut.prisma.$executeRawUnsafe('TRUNCATE audit.entries')).rejects.toThrow(/append-only/);
    await expect(sut.prisma.auditEntry.deleteMany({ where: { auditId: id } })).rejects.toThrow();
    expect(await sut.prisma.auditEntry.findUnique({ where: { auditId: id } })).toMatchObject({ outcome: 'succeeded' });
  });
});
