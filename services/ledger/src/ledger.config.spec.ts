import { generateKafkaSecurity, serviceKafkaEnv } from '@ipledger/devstack';
import { generateLedgerKeyPair } from '@ipledger/ledger-proof';
import { ConfigError } from '@ipledger/service-kit';
import { loadLedgerConfig } from './ledger.config';

const pair = generateLedgerKeyPair();
const base: Record<string, string> = {
  DATABASE_URL: 'postgresql://ledger@127.0.0.1:5432/ipledger',
  KAFKA_BROKERS: '127.0.0.1:9092',
  PORT: '0',
  IPLEDGER_JWT_PUBLIC_KEY: generateLedgerKeyPair().publicJwk,
  ...serviceKafkaEnv('ledger', generateKafkaSecurity()),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadLedgerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the ledger configuration', () => {
  it("needs the service's own Kafka principal and event-signing key, naming each missing variable", () => {
    const { KAFKA_SASL_USERNAME: _user, KAFKA_SASL_PASSWORD: _password, IPLEDGER_EVENT_SIGNING_KEY: _key, ...rest } = base;
    const found = problems({ ...rest, IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk }).join('\n');

    expect(found).toContain('KAFKA_SASL_USERNAME: is required');
    expect(found).toContain('KAFKA_SASL_PASSWORD: is required');
    expect(found).toContain('IPLEDGER_EVENT_SIGNING_KEY: is required');
    expect(
      problems({ ...base, IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk, IPLEDGER_EVENT_PUBLIC_KEYS: '{"ledger":[]}' }).join('\n'),
    ).toContain('IPLEDGER_EVENT_PUBLIC_KEYS: must be JSON');
  });

  it('takes the signing key and defaults to a checkpoint every 1000 entries or 5 minutes', () => {
    expect(loadLedgerConfig({ ...base, IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk })).toMatchObject({
      IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk,
      LEDGER_CHECKPOINT_EVERY_ENTRIES: 1000,
      LEDGER_CHECKPOINT_INTERVAL_MS: 300_000,
    });
  });

  it('names the variable when the signing key is missing', () => {
    expect(problems(base)).toEqual([
      'IPLEDGER_LEDGER_SIGNING_KEY: is required: the Ed25519 private key (JWK JSON) that signs the ledger’s checkpoints',
    ]);
  });

  it('names the variable and the rule when the signing key is the public half or not a key', () => {
    expect(problems({ ...base, IPLEDGER_LEDGER_SIGNING_KEY: pair.publicJwk })).toEqual([
      expect.stringMatching(/^IPLEDGER_LEDGER_SIGNING_KEY: must be the PRIVATE key .*"d" is missing$/),
    ]);
    expect(problems({ ...base, IPLEDGER_LEDGER_SIGNING_KEY: 'secret' })).toEqual([
      expect.stringMatching(/^IPLEDGER_LEDGER_SIGNING_KEY: must be JWK JSON/),
    ]);
  });

  it("reads KAFKA_BROKERS with the CLI's rule, naming the entry", () => {
    const signed = { ...base, IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk };
    expect(loadLedgerConfig({ ...signed, KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092' }).KAFKA_BROKERS).toEqual([
      'kafka-1:9092',
      'kafka-2:9092',
    ]);
    expect(problems({ ...signed, KAFKA_BROKERS: '[::1]:9092' })).toEqual([
      expect.stringMatching(/^KAFKA_BROKERS: entry 1 \("\[::1\]:9092"\) is an IPv6 address literal/),
    ]);
    expect(problems({ ...signed, KAFKA_BROKERS: 'kafka-1:9092,kafka-2' })).toEqual([
      'KAFKA_BROKERS: entry 2 ("kafka-2") must be host:port',
    ]);
  });

  it('checks the previous public keys of a rotation and the schedule', () => {
    expect(
      problems({ ...base, IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk, IPLEDGER_LEDGER_PREVIOUS_PUBLIC_KEYS: `[${pair.privateJwk}]` }),
    ).toEqual([expect.stringMatching(/^IPLEDGER_LEDGER_PREVIOUS_PUBLIC_KEYS: \[0\] must be the PUBLIC key/)]);
    expect(problems({ ...base, IPLEDGER_LEDGER_SIGNING_KEY: pair.privateJwk, LEDGER_CHECKPOINT_EVERY_ENTRIES: '0' })).toEqual([
      expect.stringMatching(/^LEDGER_CHECKPOINT_EVERY_ENTRIES: /),
    ]);
  });
});
