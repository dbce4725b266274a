// Which handler errors mean "the database is away" (retry) rather than "this event fails" (dead-letter).
import { isContentionError, isDatabaseUnavailableError } from './unavailable-error';

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['Prisma P1001', Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: 'P1001' })],
    [
      'Prisma P2024 pool timeout',
      Object.assign(new Error('Timed out fetching a new connection from the connection pool'), { code: 'P2024' }),
    ],
    ['an initialisation error', Object.assign(new Error('no server'), { name: 'PrismaClientInitializationError' })],
    [
      'PostgreSQL admin shutdown (57P01)',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a connection exception (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
    [
      'a refused socket, as a cause',
      new Error('query failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
    ],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
  ])('%s: retried', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a rule of the handler', new Error('loan ln_1 is not ACTIVE')],
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['Prisma P2002', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['not an error', 'boom'],
  ])('%s: not retried forever', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});

describe('isContentionError', () => {
  it.each([
    [
      'Prisma P2028, a transaction past its timeout',
      Object.assign(
        new Error(
          'Transaction API error: Transaction already closed: A commit cannot be executed on an expired transaction. The timeout for this transaction was 30000 ms',
        ),
        { code: 'P2028' },
      ),
    ],
    [
      'Prisma P2034, a write conflict or deadlock',
      Object.assign(new Error('Transaction failed due to a write conflict'), { code: 'P2034' }),
    ],
    [
      'PostgreSQL deadlock (40P01), as a cause',
      new Error('query failed', { cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }) }),
    ],
    ['PostgreSQL serialization failure (40001)', Object.assign(new Error('could not serialize access'), { code: '40001' })],
  ])('%s: the same command or event may run again', (_name, error) => {
    expect(isContentionError(error)).toBe(true);
  });

  it.each([
    ['a rule of the handler', new Error('loan ln_1 is not ACTIVE')],
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a database that is away (P1001)', Object.assign(new Error("Can't reach database server"), { code: 'P1001' })],
  ])('%s: not contention', (_name, error) => {
    expect(isContentionError(error)).toBe(false);
  });
});
