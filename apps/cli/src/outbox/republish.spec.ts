// The pure parts of `ipledger outbox republish`: the options, the rows a range selects, the report.
import { SERVICE_NAMES } from '@ipledger/contracts';
import { InvalidArgumentError } from 'commander';
import { EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { run } from '../program';
import { renderTable } from '../render';
import { outboxSchema, parseRangeBound, rangeCondition, republishSelection, type RangeBound } from './republish-range';
import { republishSummary, republishTable } from './republish-report';
import { relayLockKey, type RepublishResult } from './republish-request';

const at = (iso: string): RangeBound => ({ kind: 'time', at: new Date(iso) });
const position = (id: bigint): RangeBound => ({ kind: 'position', id });

describe('--from and --to', () => {
  it.each([
    ['2026-12-06T08:00:00Z', at('2026-12-06T08:00:00.000Z')],
    ['2026-12-06T16:00:00.250+08:00', at('2026-12-06T08:00:00.250Z')],
    ['2026-12-06T08:00Z', at('2026-12-06T08:00:00.000Z')],
    ['1042', position(1042n)],
    [' 9223372036854775807 ', position(9223372036854775807n)],
  ])('%s is %j', (text, bound) => {
    expect(parseRangeBound(text)).toEqual(bound);
  });

  it.each(['2026-12-06', '2026-12-06T08:00:00', 'yesterday', '0', '-5', '1.5', '9223372036854775808', '2026-13-40T08:00:00Z', ''])(
    '%j is refused, naming both forms',
    (text) => {
      expect(() => parseRangeBound(text)).toThrow(InvalidArgumentError);
      expect(() => parseRangeBound(text)).toThrow(/ISO time with its zone .* or an outbox position|outbox position must be from 1/);
    },
  );
});

describe('the selection', () => {
  it('one service or all of them', () => {
    expect(republishSelection({ service: 'lending', from: position(5n) }, '').services).toEqual(['lending']);
    expect(republishSelection({ service: 'all', from: at('2026-12-06T08:00:00Z') }, '').services).toEqual(SERVICE_NAMES);
  });

  it.each([
    [{ service: 'billing', from: position(1n) }, '--service must be one of pledge-registration'],
    [{ service: 'all', from: position(1n) }, '--from: an outbox position belongs to one service'],
    [{ service: 'all', from: at('2026-12-06T08:00:00Z'), to: position(9n) }, '--to: an outbox position belongs to one service'],
    [
      { service: 'ledger', from: position(10n), to: position(10n) },
      '--to (position 10) must come after --from (position 10): the range is empty',
    ],
    [
      { service: 'ledger', from: at('2026-12-06T08:00:00Z'), to: at('2026-12-06T07:00:00Z') },
      'must come after --from (2026-12-06T08:00:00.000Z)',
    ],
    [
      { service: 'ledger', from: position(1n), topic: ['ipledger.loan.v1'] },
      '--topic ipledger.loan.v1 is not an event topic of this deployment (prod.ipledger.pledge.v1',
    ],
    [{ service: 'ledger', from: position(1n), topic: ['prod.ipledger.dlq.ledger'] }, 'is not an event topic'],
  ])('%j is refused (exit 2)', (options, message) => {
    let error: unknown;
    try {
      republishSelection(options, 'prod.');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(EXIT.usage);
    expect((error as Error).message).toContain(message);
  });

  it('topics are named as on the broker, with the deployment’s prefix, and given once', () => {
    const selection = republishSelection(
      { service: 'lending', from: position(1n), topic: ['prod.ipledger.loan.v1', 'prod.ipledger.loan.v1'] },
      'prod.',
    );
    expect(selection.topics).toEqual(['prod.ipledger.loan.v1']);
  });

  it('each service’s outbox is in its schema, and its relay’s lock is the one the relay takes', () => {
    expect(outboxSchema('risk-compensation')).toBe('risk_compensation');
    expect(relayLockKey('pledge-registration')).toBe('ipledger.outbox.pledge_registration');
  });
});

describe('the rows a range selects', () => {
  it('published rows from a time (inclusive) to a position (exclusive), of some topics, parameters from $first', () => {
    const selection = republishSelection(
      { service: 'lending', from: at('2026-12-06T08:00:00Z'), to: position(900n), topic: ['ipledger.loan.v1'] },
      '',
    );
    expect(rangeCondition(selection, 3)).toEqual({
      sql: 'published_at IS NOT NULL AND created_at >= $3::timestamptz AND id < $4::bigint AND topic = ANY($5::text[])',
      params: ['2026-12-06T08:00:00.000Z', '900', ['ipledger.loan.v1']],
    });
  });

  it('without --to or --topic: everything published from --from on', () => {
    expect(rangeCondition(republishSelection({ service: 'lending', from: position(42n) }, ''))).toEqual({
      sql: 'published_at IS NOT NULL AND id >= $1::bigint',
      params: ['42'],
    });
  });
});

describe('the report', () => {
  const result: RepublishResult = {
    dryRun: false,
    ranges: [
      {
        service: 'lending',
        topic: 'ipledger.loan.v1',
        events: 120,
        firstPosition: '7',
        lastPosition: '300',
        firstCreatedAt: new Date('2026-12-06T08:00:00Z'),
        lastCreatedAt: new Date('2026-12-06T09:30:00Z'),
      },
      {
        service: 'lending',
        topic: 'ipledger.audit.v1',
        events: 1,
        firstPosition: '8',
        lastPosition: '8',
        firstCreatedAt: new Date('2026-12-06T08:00:01Z'),
        lastCreatedAt: new Date('2026-12-06T08:00:01Z'),
      },
    ],
    partitionEnds: new Map([
      [
        'ipledger.audit.v1',
        [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '0' },
        ],
      ],
      ['ipledger.loan.v1', [{ partition: 0, offset: '12' }]],
    ]),
    oldest: new Map([['lending', { position: '1', createdAt: new Date('2026-01-01T00:00:00Z') }]]),
  };

  it('a row per service and topic: how many events were queued, their positions and times', () => {
    expect(renderTable(republishTable(result)).split('\n').slice(0, 4)).toEqual([
      'service  topic              events  positions  first created             last created',
      '-------  -----------------  ------  ---------  ------------------------  ------------------------',
      'lending  ipledger.loan.v1      120  7-300      2026-12-06T08:00:00.000Z  2026-12-06T09:30:00.000Z',
      'lending  ipledger.audit.v1       1  8          2026-12-06T08:00:01.000Z  2026-12-06T08:00:01.000Z',
    ]);
  });

  it('the total, where the republished messages begin on each partition, and what the outbox keeps', () => {
    const lines = republishSummary(result);
    expect(lines[0]).toBe(
      'the outboxes keep the events retention left (published events older than OUTBOX_RETENTION_DAYS are pruned): lending: from position 1 (2026-01-01T00:00:00.000Z)',
    );
    expect(lines[1]).toMatch(/^queued 121 events of 1 service \(lending\) for republishing/);
    expect(lines).toContain('  ipledger.audit.v1: [0] 4, [1] 0');
    expect(lines).toContain('  ipledger.loan.v1: [0] 12');
  });

  it('warns for each outbox that no longer reaches back to --from: retention pruned what came before', () => {
    const pruned: RepublishResult = {
      ...result,
      oldest: new Map([
        ['lending', { position: '5001', createdAt: new Date('2026-11-06T00:00:00Z') }],
        ['ledger', undefined],
        ['valuation', { position: '1', createdAt: new Date('2026-12-01T00:00:00Z') }],
      ]),
    };
    const why =
      'published events are pruned after the services\' OUTBOX_RETENTION_DAYS and cannot be republished (docs/operations.md, "Retention")';
    expect(
      republishSummary(pruned, { kind: 'time', at: new Date('2026-11-01T00:00:00Z') }).filter((line) => line.startsWith('warning:')),
    ).toEqual([
      `warning: lending: --from 2026-11-01T00:00:00.000Z is before the oldest event its outbox keeps (position 5001, 2026-11-06T00:00:00.000Z): events from before it, if any, were pruned; ${why}`,
      `warning: ledger: --from 2026-11-01T00:00:00.000Z, but its outbox keeps no events: whatever it published in the range, if anything, was pruned; ${why}`,
    ]);
    // A range within what every outbox keeps: no warning (the empty one aside).
    expect(
      republishSummary(pruned, { kind: 'time', at: new Date('2026-12-02T00:00:00Z') }).filter((line) => line.startsWith('warning:')),
    ).toEqual([
      `warning: ledger: --from 2026-12-02T00:00:00.000Z, but its outbox keeps no events: whatever it published in the range, if anything, was pruned; ${why}`,
    ]);
    const lending = {
      ...result,
      oldest: new Map([['lending', { position: '5001', createdAt: new Date('2026-11-06T00:00:00Z') }]]),
    } as RepublishResult;
    expect(republishSummary(lending, { kind: 'position', id: 5001n }).some((line) => line.startsWith('warning:'))).toBe(false);
    expect(republishSummary(lending, { kind: 'position', id: 4000n })[1]).toMatch(
      /^warning: lending: --from position 4000 is before the oldest event its outbox keeps \(position 5001/,
    );
  });

  it('a dry run says it marked nothing; an empty range says there is nothing to do', () => {
    expect(republishSummary({ ...result, dryRun: true })[1]).toBe(
      'dry run: would queue 121 events of 1 service (lending) for republishing; nothing was marked',
    );
    expect(republishSummary({ ...result, ranges: [], partitionEnds: new Map() })[1]).toBe(
      'no published events in that range: nothing to republish',
    );
  });
});

describe('ipledger outbox republish arguments', () => {
  function capture(env: Io['env'] = {}) {
    let err = '';
    const io: Io = { stdout: { write: () => true }, stderr: { write: (text) => (err += text) }, env, writeFile: () => undefined };
    return { io, stderr: () => err };
  }
  const kafkaEnv = { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SASL_USERNAME: 'operator', KAFKA_SASL_PASSWORD: 'x' };

  it.each([
    [['outbox', 'republish', '--from', '1'], {}, "required option '--service <name>' not specified"],
    [['outbox', 'republish', '--service', 'ledger'], {}, "required option '--from <time|position>' not specified"],
    [
      ['outbox', 'republish', '--service', 'ledger', '--from', 'last week'],
      {},
      "option '--from <time|position>' argument 'last week' is invalid",
    ],
    [
      ['outbox', 'republish', '--service', 'ledger', '--from', '1'],
      kafkaEnv,
      'no database: pass --database-url <url> or set IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL',
    ],
    [
      ['outbox', 'republish', '--service', 'all', '--from', '1'],
      { ...kafkaEnv, IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL: 'postgres://x@127.0.0.1:1/x' },
      'with --service all give a time',
    ],
  ])('%j exits 2 naming the problem, before connecting anywhere', async (args, env, message) => {
    const cli = capture(env);
    expect(await run(args, cli.io)).toBe(EXIT.usage);
    expect(cli.stderr()).toContain(message);
  });
});
