import { EVENTS, type EventType } from './catalogue';
import { DEAD_LETTER_REASONS } from './dead-letter';
import { SERVICE_NAMES } from './services';
import { parseEvent, type EventRejection } from './event';
import { buildEnvelope, buildPayload, SAMPLE_IDS } from './test-support/event-builders';

const EVENT_TYPES = Object.keys(EVENTS) as EventType[];

function rejectionOf(raw: string): { reason: EventRejection; message: string } {
  const result = parseEvent(raw);
  if (result.ok) throw new Error(`expected a rejection, but ${result.event.type} was accepted`);
  return { reason: result.reason, message: result.message };
}

describe('parseEvent', () => {
  describe('accepts a valid envelope', () => {
    test.each(EVENT_TYPES)('of %s', (type) => {
      const envelope = buildEnvelope(type);

      const result = parseEvent(JSON.stringify(envelope));

      expect(result).toEqual({ ok: true, event: envelope });
    });
  });

  it('ignores payload fields it does not know, so adding an optional field is not breaking', () => {
    const envelope = buildEnvelope('PledgeRegistered');

    const result = parseEvent(JSON.stringify({ ...envelope, payload: { ...envelope.payload, registrarOffice: 'CNIPA' } }));

    expect(result).toEqual({ ok: true, event: envelope });
  });

  it('accepts an event that several services produce from each of them, and only from them', () => {
    for (const producer of SERVICE_NAMES) {
      expect(parseEvent(JSON.stringify({ ...buildEnvelope('CommandAudited'), producer })).ok).toBe(true);
    }
    expect(rejectionOf(JSON.stringify({ ...buildEnvelope('PledgeValued'), producer: 'audit' }))).toEqual({
      reason: 'wrong-producer',
      message: 'PledgeValued is produced only by valuation, not audit',
    });
  });

  // Every rejection a consumer dead-letters, each produced by the message that should cause it.
  const cases: { name: string; raw: () => string; reason: EventRejection; mentions: string }[] = [
    { name: 'a value that is not JSON', raw: () => '{not json', reason: 'malformed-json', mentions: 'not JSON' },
    {
      name: 'an envelope without eventId',
      raw: () => {
        const { eventId: _eventId, ...withoutEventId } = buildEnvelope('PledgeRegistered');
        return JSON.stringify(withoutEventId);
      },
      reason: 'invalid-envelope',
      mentions: 'eventId',
    },
    {
      name: 'an occurredAt that is not a timestamp',
      raw: () => JSON.stringify({ ...buildEnvelope('PledgeRegistered'), occurredAt: '2025-03-10 10:15' }),
      reason: 'invalid-envelope',
      mentions: 'occurredAt',
    },
    {
      name: 'an unknown type',
      raw: () => JSON.stringify({ ...buildEnvelope('PledgeRegistered'), type: 'PledgeEvaporated' }),
      reason: 'unknown-event',
      mentions: 'PledgeEvaporated',
    },
    {
      name: 'a version the catalogue does not have (PledgeRegistered v2)',
      raw: () => JSON.stringify({ ...buildEnvelope('PledgeRegistered'), version: 2 }),
      reason: 'unknown-event',
      mentions: 'PledgeRegistered version 2',
    },
    {
      name: 'an amount sent as a JSON number',
      raw: () => {
        const envelope = buildEnvelope('PledgeApplicationSubmitted');
        return JSON.stringify({ ...envelope, payload: { ...envelope.payload, requestedLoanAmount: 1000 } });
      },
      reason: 'invalid-payload',
      mentions: 'requestedLoanAmount',
    },
    {
      name: 'an amount with one decimal',
      raw: () => JSON.stringify(buildEnvelope('LoanRepaid', buildPayload('LoanRepaid', { principalAmount: '1000.5' }))),
      reason: 'invalid-payload',
      mentions: 'principalAmount: must be a yuan amount with exactly two decimals',
    },
    {
      name: 'a nested field that breaks its rule',
      raw: () => {
        const payload = buildPayload('PledgeApplicationSubmitted');
        const firstItem = payload.ipItems[0];
        if (firstItem === undefined) throw new Error('sample has no IP item');
        firstItem.ipType = 'domain-name' as typeof firstItem.ipType;
        return JSON.stringify(buildEnvelope('PledgeApplicationSubmitted', payload));
      },
      reason: 'invalid-payload',
      mentions: 'ipItems.0.ipType',
    },
    {
      name: 'a key that differs from the payload key field',
      raw: () => JSON.stringify({ ...buildEnvelope('PledgeRegistered'), key: SAMPLE_IDS.otherPledge }),
      reason: 'key-mismatch',
      mentions: `payload.pledgeId ${SAMPLE_IDS.pledge}`,
    },
    {
      name: 'a producer that does not own the event',
      raw: () => JSON.stringify({ ...buildEnvelope('PledgeValued'), producer: 'lending' }),
      reason: 'wrong-producer',
      mentions: 'PledgeValued is produced only by valuation, not lending',
    },
    {
      name: 'an event every service writes, from a producer that is no service',
      raw: () => JSON.stringify({ ...buildEnvelope('CommandAudited'), producer: 'gateway' }),
      reason: 'invalid-envelope',
      mentions: 'producer',
    },
  ];

  describe('rejects, with the reason a dead letter records,', () => {
    test.each(cases)('$name → $reason', ({ raw, reason, mentions }) => {
      const rejection = rejectionOf(raw());

      expect(rejection.reason).toBe(reason);
      expect(rejection.message).toContain(mentions);
    });
  });

  it('has a case above for every reason a message can be rejected for', () => {
    const covered = new Set<string>(cases.map((testCase) => testCase.reason));
    // Signatures are checked by the consumer after parsing (libs/messaging messaging.int.spec.ts).
    const checkedElsewhere: readonly string[] = ['handler-failed', 'unsigned', 'bad-signature'];
    const rejections = DEAD_LETTER_REASONS.filter((reason) => !checkedElsewhere.includes(reason));

    expect(rejections.filter((reason) => !covered.has(reason))).toEqual([]);
  });
});
