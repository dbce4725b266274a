// Forged audit records: every service may write the audit topic (each records the commands it
// answered), so the topic's ACL alone cannot tell who wrote a record. The producer's signature can:
// a CommandAudited that names risk-compensation but is unsigned, or signed with another service's
// key, is dead-lettered by the audit consumer with the reason and never stored; a genuine one is.
import { randomUUID } from 'node:crypto';
import { deadLetterTopicName, DeadLetterSchema, topicName, type DeadLetter, type EventEnvelope, type PayloadOf } from '@ipledger/contracts';
import { createServiceApp, loadConfig, newId, ServiceConfigSchema } from '@ipledger/service-kit';
import { kafkaAsService, pollUntil, serviceUnderTest, signatureHeaders } from '@ipledger/testing';
import { loadAuditConfig } from './audit.config';
import { AuditModule } from './audit.module';
import { PrismaClient } from './database';

function audited(): EventEnvelope<'CommandAudited'> {
  const at = new Date().toISOString();
  const payload: PayloadOf<'CommandAudited'> = {
    auditId: newId('audit'),
    at,
    service: 'risk-compensation',
    method: 'POST',
    path: '/api/claims/{claimId}/approve',
    targetId: newId('claim'),
    actor: { orgId: 'bureau-cq', role: 'bureau', userId: 'liu.yang' },
    requestId: `req-${randomUUID()}`,
    correlationId: `corr-${randomUUID()}`,
    outcome: 'succeeded',
    status: 200,
    reason: null,
  };
  return {
    eventId: randomUUID(),
    type: 'CommandAudited',
    version: 1,
    occurredAt: at,
    key: payload.auditId,
    correlationId: payload.correlationId,
    causationId: payload.requestId,
    producer: 'risk-compensation',
    actor: { orgId: 'bureau-cq', role: 'bureau', userId: 'liu.yang' },
    payload,
  };
}

describe('forged audit records', () => {
  const sut = serviceUnderTest(
    { service: 'audit', schema: 'audit', prismaClient: PrismaClient, consumer: 'audit', module: AuditModule },
    {
      createApp: (definition, env) =>
        createServiceApp({ ...definition, module: AuditModule.withConfig(loadAuditConfig(env)) }, loadConfig(ServiceConfigSchema, env)),
    },
  );

  it('dead-letters an unsigned or wrongly signed CommandAudited written by a principal allowed on the audit topic, and stores the genuine one', async () => {
    const unsigned = audited();
    const forged = audited();
    const genuine = audited();
    // lending's principal may write the audit topic; it claims to be risk-compensation.
    const producer = kafkaAsService('lending').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const forgedValue = JSON.stringify(forged);
      await producer.send({
        topic: topicName('audit', sut.prefix),
        messages: [
          { key: unsigned.key, value: JSON.stringify(unsigned) },
          { key: forged.key, value: forgedValue, headers: signatureHeaders('lending', forgedValue) },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    await sut.produce(genuine); // signed with risk-compensation's key, as its relay would

    const letters = await sut.readTopic<DeadLetter>(deadLetterTopicName('audit', sut.prefix), (value) =>
      DeadLetterSchema.parse(JSON.parse(value)),
    );
    await pollUntil(() => letters.length >= 2, { description: 'two dead letters on the audit dead-letter topic' });
    await pollUntil(async () => (await sut.prisma.auditEntry.count({ where: { auditId: genuine.payload.auditId } })) === 1, {
      description: 'the genuine record stored',
    });
    await sut.consumedAll('audit');

    expect(letters.map((letter) => [letter.originalKey, letter.reason]).sort()).toEqual(
      [
        [unsigned.key, 'unsigned'],
        [forged.key, 'bad-signature'],
      ].sort(),
    );
    expect(await sut.prisma.auditEntry.count({ where: { auditId: { in: [unsigned.payload.auditId, forged.payload.auditId] } } })).toBe(0);
  });
});
