// The retention settings as every service reads them (ServiceConfigSchema, and a service's own
// schema that extends it): defaults, the floors the database's retention functions also check,
// and the rule that the inbox outlives what the outbox can republish.
import { generateKeyPairSync } from 'node:crypto';
import { SERVICE_NAMES } from '@ipledger/contracts';
import { z } from 'zod';
import { ConfigError, loadConfig, ServiceConfigSchema } from './config';
import { retentionPolicy } from './retention-config';

function jwk(withKid: boolean): { publicJwk: Record<string, unknown>; privateJwk: Record<string, unknown> } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = withKid ? { kid: 'k1' } : {};
  return { publicJwk: { ...publicKey.export({ format: 'jwk' }), ...kid }, privateJwk: { ...privateKey.export({ format: 'jwk' }), ...kid } };
}

const signing = jwk(true);
const base: Record<string, string> = {
  DATABASE_URL: 'postgresql://lending@127.0.0.1:5432/ipledger',
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_SASL_USERNAME: 'lending',
  KAFKA_SASL_PASSWORD: 'secret',
  IPLEDGER_EVENT_SIGNING_KEY: JSON.stringify(signing.privateJwk),
  IPLEDGER_EVENT_PUBLIC_KEYS: JSON.stringify(Object.fromEntries(SERVICE_NAMES.map((service) => [service, [signing.publicJwk]]))),
  IPLEDGER_JWT_PUBLIC_KEY: JSON.stringify(jwk(false).publicJwk),
  PORT: '0',
};

function problems<S extends z.ZodType>(env: Record<string, string>, schema: S = ServiceConfigSchema as unknown as S): string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the retention settings', () => {
  it('keep the outbox, the inbox and the idempotency keys 30 days by default, pruning hourly, 1000 rows a statement', () => {
    const config = loadConfig(ServiceConfigSchema, base);
    expect(config).toMatchObject({
      OUTBOX_RETENTION_DAYS: 30,
      INBOX_RETENTION_DAYS: 30,
      IDEMPOTENCY_KEY_RETENTION_DAYS: 30,
      RETENTION_PRUNE_INTERVAL_MS: 3_600_000,
      RETENTION_BATCH_SIZE: 1_000,
    });
    expect(retentionPolicy(config)).toEqual({ outboxDays: 30, inboxDays: 30, idempotencyKeyDays: 30 });
  });

  it('take other values within the rules', () => {
    const config = loadConfig(ServiceConfigSchema, {
      ...base,
      OUTBOX_RETENTION_DAYS: '7',
      INBOX_RETENTION_DAYS: '14',
      IDEMPOTENCY_KEY_RETENTION_DAYS: '7',
      RETENTION_PRUNE_INTERVAL_MS: '600000',
      RETENTION_BATCH_SIZE: '500',
    });
    expect(retentionPolicy(config)).toEqual({ outboxDays: 7, inboxDays: 14, idempotencyKeyDays: 7 });
    expect(config.RETENTION_PRUNE_INTERVAL_MS).toBe(600_000);
    expect(config.RETENTION_BATCH_SIZE).toBe(500);
  });

  it('never prune idempotency keys inside the 7 days the API promises, nor anything younger than a day', () => {
    expect(problems({ ...base, IDEMPOTENCY_KEY_RETENTION_DAYS: '6' })).toEqual([
      'IDEMPOTENCY_KEY_RETENTION_DAYS: must be at least 7 (the API promises a retry the first answer for 7 days)',
    ]);
    expect(problems({ ...base, OUTBOX_RETENTION_DAYS: '0', INBOX_RETENTION_DAYS: '0' })).toEqual([
      'OUTBOX_RETENTION_DAYS: must be at least 1 (a published event is kept at least a day)',
      'INBOX_RETENTION_DAYS: must be at least 1 (a handled event is remembered at least a day)',
    ]);
  });

  it('refuse fractions, words and absurd sizes, naming the variable', () => {
    expect(problems({ ...base, OUTBOX_RETENTION_DAYS: '1.5' })).toEqual(['OUTBOX_RETENTION_DAYS: must be a whole number of days']);
    expect(problems({ ...base, INBOX_RETENTION_DAYS: 'forever' })).toEqual(['INBOX_RETENTION_DAYS: must be a whole number of days']);
    expect(problems({ ...base, IDEMPOTENCY_KEY_RETENTION_DAYS: '40000' })).toEqual([
      'IDEMPOTENCY_KEY_RETENTION_DAYS: must be at most 36500',
    ]);
    expect(problems({ ...base, RETENTION_BATCH_SIZE: '0' })).toEqual(['RETENTION_BATCH_SIZE: must be 1 to 10000']);
    expect(problems({ ...base, RETENTION_BATCH_SIZE: '20000' })).toEqual(['RETENTION_BATCH_SIZE: must be 1 to 10000']);
    expect(problems({ ...base, RETENTION_PRUNE_INTERVAL_MS: '10' })).toEqual([
      'RETENTION_PRUNE_INTERVAL_MS: must be at least 1000 (a second)',
    ]);
  });

  it('keep the inbox at least as long as the outbox, also in a service schema that extends the common one', () => {
    const shorter = { ...base, OUTBOX_RETENTION_DAYS: '60', INBOX_RETENTION_DAYS: '30' };
    const expected = [
      'INBOX_RETENTION_DAYS: must be at least OUTBOX_RETENTION_DAYS (60): an event republished from the outbox must still be recognised as handled',
    ];
    expect(problems(shorter)).toEqual(expected);
    const extended = ServiceConfigSchema.extend({ EXTRA_SETTING: z.string().default('x') });
    expect(problems(shorter, extended)).toEqual(expected);
    expect(problems({ ...base, OUTBOX_RETENTION_DAYS: '60', INBOX_RETENTION_DAYS: '60' }, extended)).toEqual([]);
  });
});
