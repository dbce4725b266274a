// What `npm start` prints for a service's JSON log line: one short line, an error in full.
import { logFormatFromEnv, logLineFormatter } from './log-format';

const format = logLineFormatter({ color: false, timeZone: 'Asia/Shanghai' });
const at = '2026-12-06T02:31:02.123Z'; // 10:31:02 in Shanghai

describe('logLineFormatter', () => {
  it('prints an access line as time, level, method, path, status and duration, without ids or actor', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      service: 'lending',
      name: 'lending',
      requestId: 'req-1',
      msg: 'http request',
      method: 'POST',
      route: '/api/loans',
      path: '/api/loans',
      status: 201,
      durationMs: 12.3,
      correlationId: 'corr-1',
      actorOrg: 'bank-cq-rural',
      actorRole: 'bank',
    });
    expect(format(line)).toBe('10:31:02 INFO  POST /api/loans 201 12ms');
  });

  it('marks a request the caller abandoned', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      msg: 'http request',
      method: 'GET',
      path: '/api/pledges',
      status: 200,
      durationMs: 3,
      aborted: true,
    });
    expect(format(line)).toBe('10:31:02 INFO  GET /api/pledges 200 3ms aborted');
  });

  it('names an event by its type and topic, and a Nest line by its context', () => {
    const event = {
      level: 30,
      time: at,
      service: 'ledger',
      eventId: 'e1',
      type: 'LoanDisbursed',
      outcome: 'handled',
      topic: 'ipledger.lending.v1',
      partition: 2,
      msg: 'event handled',
    };
    expect(format(JSON.stringify(event))).toBe('10:31:02 INFO  event handled LoanDisbursed → ipledger.lending.v1/2');
    const published = { level: 20, time: at, schema: 'lending', count: 3, topics: ['ipledger.lending.v1'], msg: 'outbox batch published' };
    expect(format(JSON.stringify(published))).toBe('10:31:02 DEBUG outbox batch published ×3 → ipledger.lending.v1');
    const nest = { level: 30, time: at, service: 'lending', context: 'NestApplication', msg: 'Nest application successfully started' };
    expect(format(JSON.stringify(nest))).toBe('10:31:02 INFO  [NestApplication] Nest application successfully started');
  });

  it('prints a record carrying an error in full: its fields and the whole stack', () => {
    const line = JSON.stringify({
      level: 50,
      time: at,
      service: 'ledger',
      msg: 'consumer crashed',
      consumerGroup: 'ledger',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at handle (ledger.ts:10:5)\n    at run (consumer.ts:20:7)' },
    });
    const printed = format(line).split('\n');
    expect(printed[0]).toBe('10:31:02 ERROR consumer crashed');
    expect(printed).toEqual(
      expect.arrayContaining([
        '    consumerGroup: "ledger"',
        '          Error: boom',
        '              at handle (ledger.ts:10:5)',
        '              at run (consumer.ts:20:7)',
      ]),
    );
  });

  it('prints every field of an error-level record, a stack Nest gave as a field included', () => {
    const line = JSON.stringify({
      level: 50,
      time: at,
      context: 'ExceptionHandler',
      msg: 'boom',
      stack: ['Error: boom\n    at main (main.ts:1:1)'],
    });
    const printed = format(line);
    expect(printed.split('\n')[0]).toBe('10:31:02 ERROR [ExceptionHandler] boom');
    expect(printed).toContain('at main (main.ts:1:1)');
  });

  it('shows a Kafka client line (its own timestamp field) as one line too', () => {
    const line = JSON.stringify({
      level: 40,
      time: at,
      service: 'ledger',
      logger: 'kafkajs',
      timestamp: at,
      msg: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    });
    expect(format(line)).toBe('10:31:02 WARN  Limiting retries for the idempotent producer may invalidate EoS guarantees');
  });

  it('passes any other line through as it was', () => {
    for (const line of ['listening on 3000', '', '[1,2]', '{"not":"a record"}']) expect(format(line)).toBe(line);
  });

  it('colours only when asked', () => {
    const line = JSON.stringify({ level: 50, time: at, msg: 'failed' });
    expect(format(line)).not.toContain('\u001b[');
    expect(logLineFormatter({ color: true, timeZone: 'Asia/Shanghai' })(line)).toContain('\u001b[31mERROR');
  });
});

describe('logFormatFromEnv', () => {
  it('is pretty on a terminal and JSON elsewhere unless IPLEDGER_LOG_FORMAT says', () => {
    expect([logFormatFromEnv(undefined, true), logFormatFromEnv(undefined, false), logFormatFromEnv('', true)]).toEqual([
      'pretty',
      'json',
      'pretty',
    ]);
    expect([logFormatFromEnv('json', true), logFormatFromEnv('pretty', false)]).toEqual(['json', 'pretty']);
    expect(() => logFormatFromEnv('text', true)).toThrow('IPLEDGER_LOG_FORMAT must be json or pretty (got "text")');
  });
});
