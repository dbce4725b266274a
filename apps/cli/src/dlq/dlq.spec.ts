// The pure parts of `ipledger dlq`: dead-letter ids, reading a dead-letter message, filtering,
// the redrive plan, the redrive log and formatting; and the commands' argument errors.
import type { DeadLetter } from '@ipledger/contracts';
import { EXIT } from '../errors';
import type { Io } from '../io';
import { run } from '../program';
import { formatDeadLetterId, parseDeadLetterId } from './dead-letter-id';
import {
  eventFacts,
  matchesFilter,
  reasonOf,
  sortEntries,
  toDeadLetterEntry,
  whyNotRedrivable,
  type DeadLetterEntry,
} from './dead-letter-entry';
import { listJson, listTable, shorten, showJson, summaryLine } from './format';
import { planRedrives, selectEntries } from './redrive-plan';
import { lastRedrives, type RedriveRecord } from './redrive-log';

const EVENT = {
  eventId: '0195a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a07',
  type: 'DealReversed',
  version: 1,
  occurredAt: '2025-07-01T08:00:00.000Z',
  key: 'dl_0195a1b2c3d47e5f8a6b7c8d9e0f1a07',
  correlationId: 'corr-1',
  causationId: null,
  producer: 'statistics',
  actor: { orgId: 'bureau-cq', role: 'bureau', userId: 'clerk.zhang' },
  payload: { dealId: 'dl_0195a1b2c3d47e5f8a6b7c8d9e0f1a07', kind: 'transfer', reversedOn: '2025-07-01', reason: 'filed twice' },
};

function deadLetter(overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    consumerGroup: 'ipledger.statistics',
    sourceTopic: 'ipledger.deal.v1',
    sourcePartition: 2,
    sourceOffset: '41',
    originalKey: EVENT.key,
    originalValue: JSON.stringify(EVENT),
    originalHeaders: { traceparent: '00-abc-def-01' },
    reason: 'handler-failed',
    error: 'DealReversed for deal dl_0195a1b2c3d47e5f8a6b7c8d9e0f1a07, which is not recorded',
    attempts: 4,
    failedAt: '2025-07-01T08:00:01.000Z',
    ...overrides,
  };
}

const entry = (offset: string, record: DeadLetter = deadLetter(), consumer: 'statistics' | 'ledger' = 'statistics') =>
  toDeadLetterEntry(consumer, 0, offset, JSON.stringify(record));
const malformed = () =>
  entry(
    '1',
    deadLetter({
      reason: 'malformed-json',
      originalValue: '{"type": "DealRe',
      error: 'not JSON: Unexpected end of JSON input',
      attempts: 0,
    }),
  );

const redriveRecord = (deadLetterId: string, redrivenAt = '2025-07-02T09:00:00.000Z'): RedriveRecord => ({
  deadLetterId,
  consumerGroup: 'ipledger.statistics',
  sourceTopic: 'ipledger.deal.v1',
  sourcePartition: 2,
  sourceOffset: '41',
  eventId: EVENT.eventId,
  type: EVENT.type,
  redrivenTo: { topic: 'ipledger.deal.v1', partition: 2, offset: '57' },
  redrivenAt,
  forced: false,
});

describe('dead-letter ids', () => {
  it('formats and parses <consumer>:<partition>:<offset>', () => {
    expect(formatDeadLetterId({ consumer: 'risk-compensation', partition: 0, offset: '12' })).toBe('risk-compensation:0:12');
    expect(parseDeadLetterId(' risk-compensation:0:12 ')).toEqual({ consumer: 'risk-compensation', partition: 0, offset: '12' });
    expect(parseDeadLetterId('statistics:1:007')).toEqual({ consumer: 'statistics', partition: 1, offset: '7' });
  });

  it.each([
    ['statistics', 'must be <consumer>:<partition>:<offset>'],
    ['statistics:0:-1', 'must be <consumer>:<partition>:<offset>'],
    ['statistics:a:1', 'must be <consumer>:<partition>:<offset>'],
    ['gateway:0:1', 'no consumer gateway; the consumers are pledge-registration, valuation'],
  ])('refuses %s', (text, message) => {
    expect(() => parseDeadLetterId(text)).toThrow(message);
  });
});

describe('reading a dead-letter message', () => {
  it('takes the record and what the original message says it is', () => {
    const read = entry('3');
    expect(read.id).toBe('statistics:0:3');
    expect(read.record?.reason).toBe('handler-failed');
    expect(read.event).toEqual({ type: 'DealReversed', eventId: EVENT.eventId, version: 1 });
    expect(reasonOf(read)).toBe('handler-failed');
  });

  it('keeps a message that is not a dead-letter record as unreadable', () => {
    const notJson = toDeadLetterEntry('ledger', 0, '0', 'garbage');
    expect(notJson.record).toBeNull();
    expect(notJson.unreadable).toContain('not JSON');
    expect(reasonOf(notJson)).toBe('unreadable');
    const wrongShape = toDeadLetterEntry('ledger', 0, '1', JSON.stringify({ reason: 'handler-failed' }));
    expect(wrongShape.unreadable).toContain('consumerGroup');
  });

  it('reads type, id and version only when the original is JSON with them', () => {
    expect(eventFacts('{"type":"X","eventId":"e","version":"2"}')).toEqual({ type: 'X', eventId: 'e' });
    expect(eventFacts('[1]')).toEqual({});
    expect(eventFacts('nope')).toEqual({});
  });

  it('says a valid event may be redriven and why a malformed one may not', () => {
    expect(whyNotRedrivable(entry('3'))).toBeUndefined();
    expect(whyNotRedrivable(malformed())).toMatch(
      /^the original message is not a valid event \(malformed-json: not JSON.*would only come back to the dead-letter topic$/,
    );
    const unknown = entry('4', deadLetter({ reason: 'unknown-event', originalValue: JSON.stringify({ ...EVENT, version: 9 }) }));
    expect(whyNotRedrivable(unknown)).toContain('unknown-event: no event DealReversed version 9');
  });

  it('filters by consumer and reason, and sorts by consumer, partition and offset', () => {
    const entries = [entry('10'), malformed(), entry('2', deadLetter(), 'ledger'), entry('9')];
    expect(entries.filter((candidate) => matchesFilter(candidate, { reason: 'malformed-json' })).map((candidate) => candidate.id)).toEqual([
      'statistics:0:1',
    ]);
    expect(entries.filter((candidate) => matchesFilter(candidate, { consumer: 'ledger' })).map((candidate) => candidate.id)).toEqual([
      'ledger:0:2',
    ]);
    expect(entries.filter((candidate) => matchesFilter(candidate, { consumer: 'statistics', reason: 'handler-failed' }))).toHaveLength(2);
    expect(sortEntries(entries).map((candidate) => candidate.id)).toEqual([
      'ledger:0:2',
      'statistics:0:1',
      'statistics:0:9',
      'statistics:0:10',
    ]);
  });
});

describe('the redrive log', () => {
  it('keeps the last redrive of each dead letter and ignores what it cannot read', () => {
    const log = lastRedrives([
      JSON.stringify(redriveRecord('statistics:0:3')),
      'garbage',
      '{}',
      JSON.stringify(redriveRecord('statistics:0:3', '2025-07-03T00:00:00.000Z')),
    ]);
    expect([...log.keys()]).toEqual(['statistics:0:3']);
    expect(log.get('statistics:0:3')?.redrivenAt).toBe('2025-07-03T00:00:00.000Z');
  });
});

describe('the redrive plan', () => {
  const redriven: DeadLetterEntry = { ...entry('5'), redrive: redriveRecord('statistics:0:5') };
  const unreadable = toDeadLetterEntry('statistics', 0, '6', 'garbage');

  it('redrives valid events and skips the redriven, the invalid and the unreadable, saying why', () => {
    const plan = planRedrives([entry('3'), redriven, malformed(), unreadable], { force: false });
    expect(
      plan.map((decision) => [decision.entry.id, decision.action, decision.action === 'skip' ? decision.kind : decision.forced]),
    ).toEqual([
      ['statistics:0:3', 'redrive', false],
      ['statistics:0:5', 'skip', 'already-redriven'],
      ['statistics:0:1', 'skip', 'not-an-event'],
      ['statistics:0:6', 'skip', 'unreadable'],
    ]);
    const skipped = plan
      .filter((decision) => decision.action === 'skip')
      .map((decision) => (decision.action === 'skip' ? decision.why : ''));
    expect(skipped[0]).toBe(
      'already redriven at 2025-07-02T09:00:00.000Z to ipledger.deal.v1[2]@57 (--force to redrive it again; the consumer ignores an event it has handled)',
    );
    expect(skipped[1]).toContain('--force to redrive it anyway');
  });

  it('with --force redrives the redriven and the invalid too, but never an unreadable message', () => {
    const plan = planRedrives([redriven, malformed(), unreadable], { force: true });
    expect(plan.map((decision) => [decision.action, decision.action === 'redrive' && decision.forced])).toEqual([
      ['redrive', true],
      ['redrive', true],
      ['skip', false],
    ]);
  });

  it('selects the given ids once each and names the unknown ones', () => {
    const { selected, unknown } = selectEntries([entry('3'), entry('4')], ['statistics:0:4', 'statistics:0:4', 'statistics:0:99']);
    expect(selected.map((candidate) => candidate.id)).toEqual(['statistics:0:4']);
    expect(unknown).toEqual(['statistics:0:99']);
  });
});

describe('formatting', () => {
  it('shortens errors to one line', () => {
    expect(shorten('a\n  b', 10)).toBe('a b');
    expect(shorten('x'.repeat(70))).toBe(`${'x'.repeat(59)}…`);
  });

  it('lists id, event, reason, attempts, failure time, redrive and the shortened error', () => {
    const table = listTable([{ ...entry('3'), redrive: redriveRecord('statistics:0:3') }, malformed()]);
    expect(table.headers).toEqual(['id', 'event', 'event id', 'reason', 'attempts', 'failed at', 'redriven', 'error']);
    expect(table.rows[0]).toEqual([
      'statistics:0:3',
      'DealReversed v1',
      EVENT.eventId,
      'handler-failed',
      4,
      '2025-07-01T08:00:01.000Z',
      '2025-07-02T09:00:00.000Z',
      'DealReversed for deal dl_0195a1b2c3d47e5f8a6b7c8d9e0f1a07, …',
    ]);
    expect(table.rows[1].slice(0, 4)).toEqual(['statistics:0:1', '—', '—', 'malformed-json']);
    expect(table.rows[1][6]).toBe('no');
  });

  it('lists as JSON with the whole error and the source position', () => {
    const [json] = listJson([entry('3')]);
    expect(json).toMatchObject({
      id: 'statistics:0:3',
      consumer: 'statistics',
      source: { topic: 'ipledger.deal.v1', partition: 2, offset: '41' },
      redriven: false,
      error: deadLetter().error,
    });
  });

  it('shows the whole record with the original value parsed when it is JSON', () => {
    expect(showJson(entry('3'))).toMatchObject({
      id: 'statistics:0:3',
      originalValue: EVENT,
      originalHeaders: { traceparent: '00-abc-def-01' },
      attempts: 4,
      redrive: null,
    });
    expect(showJson(malformed())).toMatchObject({ originalValueRaw: '{"type": "DealRe' });
    expect(showJson(toDeadLetterEntry('ledger', 0, '0', 'garbage'))).toMatchObject({ raw: 'garbage' });
  });

  it('sums up', () => {
    expect(summaryLine([entry('3'), { ...entry('4'), redrive: redriveRecord('statistics:0:4') }], ['ipledger.dlq.audit'])).toBe(
      '2 dead letters, 1 redriven (no topic ipledger.dlq.audit)',
    );
  });
});

describe('argument errors (exit 2, before any connection)', () => {
  function capture(env: Record<string, string> = {}): { io: Io; stderr: () => string } {
    let err = '';
    return {
      io: { stdout: { write: () => true }, stderr: { write: (text) => (err += text) }, env, writeFile: () => undefined },
      stderr: () => err,
    };
  }

  it.each([
    [['dlq', 'list'], {}, 'no Kafka brokers: pass --brokers'],
    [['dlq', 'list', '--consumer', 'gateway', '--brokers', 'h:1'], {}, "option '--consumer <name>' argument 'gateway' is invalid"],
    [['dlq', 'list', '--reason', 'bad-luck', '--brokers', 'h:1'], {}, "argument 'bad-luck' is invalid"],
    [['dlq', 'show', 'statistics'], { KAFKA_BROKERS: 'h:1' }, 'must be <consumer>:<partition>:<offset>'],
    [['dlq', 'redrive'], { KAFKA_BROKERS: 'h:1' }, 'give the ids of the dead letters to redrive'],
    [['dlq', 'redrive', 'statistics:0:1', '--all'], { KAFKA_BROKERS: 'h:1' }, 'give dead-letter ids or --all, not both'],
    [
      ['dlq', 'redrive', 'statistics:0:1', '--reason', 'handler-failed'],
      { KAFKA_BROKERS: 'h:1' },
      '--consumer and --reason select with --all only',
    ],
    [['stats', 'rebuild'], { KAFKA_BROKERS: 'h:1' }, 'no database: pass --database-url'],
    [['stats', 'rebuild', '--database-url', 'postgres://x/y'], {}, 'no Kafka brokers'],
    // The services' configuration reads KAFKA_BROKERS with the same rule (libs/contracts/src/broker-list.ts).
    [['dlq', 'list'], { KAFKA_BROKERS: '[::1]:9092' }, 'KAFKA_BROKERS: entry 1 ("[::1]:9092") is an IPv6 address literal'],
    [['dlq', 'list', '--brokers', 'h:1,h'], {}, '--brokers: entry 2 ("h") must be host:port'],
    [['dlq', 'list'], { KAFKA_BROKERS: 'h:1' }, 'no Kafka credentials: set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD'],
    [
      ['dlq', 'list'],
      { KAFKA_BROKERS: 'h:1', KAFKA_SASL_USERNAME: 'operator', KAFKA_SASL_PASSWORD: 'p', KAFKA_SASL_MECHANISM: 'plain' },
      'KAFKA_SASL_MECHANISM must be',
    ],
    [['stats'], {}, "required option '--year <year>' not specified"],
  ])('%j', async (args, env, message) => {
    const cli = capture(env);
    expect(await run(args, cli.io)).toBe(EXIT.usage);
    expect(cli.stderr()).toContain(message);
  });
});
