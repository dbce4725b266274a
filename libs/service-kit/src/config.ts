// Configuration comes from env variables, validated with zod at start-up: a wrong value stops
// the process with a message that names the variable and the rule.
import { z } from 'zod';
import { DEFAULT_AWAIT_FACT_MS, DEFAULT_POLL_INTERVAL_MS, DEFAULT_SESSION_TIMEOUT_MS } from '@ipledger/messaging';
import { DEFAULT_BACKDATING_LIMIT_DAYS } from '@ipledger/calendar';
import { readBrokerList, SERVICE_NAMES } from '@ipledger/contracts';
import { DEFAULT_TRUSTED_PROXIES, InvalidTrustedProxiesError, TrustedProxies } from './client-address';
import { checkRetention, RetentionSettings } from './retention-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const Port = z.coerce.number().int().min(0, { message: 'must be 0 (any free port) to 65535' }).max(65_535);
const BrokerList = z.string().transform((value, ctx) => {
  const reading = readBrokerList(value);
  if (reading.ok) return reading.brokers;
  ctx.addIssue({ code: 'custom', message: reading.problem });
  return z.NEVER;
});

/**
 * IPLEDGER_TRUSTED_PROXIES: the proxies whose X-Forwarded-For is believed (addresses, CIDRs,
 * `loopback`, `private`, `none`). Every process in front of a service must be in its list: by
 * default the gateway on loopback.
 */
export const TrustedProxiesSetting = z
  .string()
  .default(DEFAULT_TRUSTED_PROXIES)
  .superRefine((value, ctx) => {
    try {
      TrustedProxies.parse(value);
    } catch (error) {
      if (!(error instanceof InvalidTrustedProxiesError)) throw error;
      ctx.addIssue({ code: 'custom', message: `${error.message}; a comma-separated list, e.g. loopback,10.0.0.5` });
    }
  });

/** Every service's settings; a service's own schema extends it (adding keys only: the retention rule carries over). */
export const ServiceConfigSchema = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgresql:// URL' }),
    KAFKA_BROKERS: BrokerList,
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/, { message: 'may contain only letters, digits, dot, dash and underscore' })
      .default(''),
    /**
     * The service's own Kafka principal: the broker authenticates every client (SASL/SCRAM) and
     * lets each principal write only the topics its service owns and read only what it consumes.
     */
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256']).default('scram-sha-512'),
    /**
     * The replication every topic this service uses must have (checked at start-up, see
     * topic-replication-check.ts). Unset: the cluster's defaults, at least 3 replicas and min ISR 2
     * on a cluster of three or more brokers.
     */
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).optional(),
    KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).optional(),
    /** true: refuse to start when a topic has fewer replicas or a lower min ISR than that (default false: a warning). */
    KAFKA_REQUIRE_REPLICATION: z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    KAFKA_SASL_USERNAME: z
      .string({ error: "is required: the service's own Kafka principal (SCRAM user name)" })
      .min(1, { message: 'must not be empty' }),
    KAFKA_SASL_PASSWORD: z
      .string({ error: "is required: the password of the service's Kafka principal" })
      .min(1, { message: 'must not be empty' }),
    /** The service's own Ed25519 event-signing key, a private JWK with its key id `kid` (one line of JSON). */
    IPLEDGER_EVENT_SIGNING_KEY: z
      .string({ error: 'is required: the service\'s Ed25519 event-signing key (private JWK JSON with "kid")' })
      .refine((value) => isEd25519Jwk(value, true), {
        message: 'must be an Ed25519 private key as JWK JSON with a key id: {"kty":"OKP","crv":"Ed25519","x":"…","d":"…","kid":"…"}',
      }),
    /** Every service's public event-signing keys: {"<service>": [jwk-with-kid, …]} (two during a rotation). */
    IPLEDGER_EVENT_PUBLIC_KEYS: z
      .string({ error: 'is required: every service\'s public event-signing keys, {"<service>": [JWK with "kid", …]}' })
      .refine(isPublicKeyMap, { message: 'must be JSON {"<service>": [Ed25519 public JWK with "kid", …]} naming every service' }),
    PORT: Port,
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /**
     * The outbox relay's fallback poll: commits wake it at once (its own nudge, the outbox channel's
     * notifications). Below the publisher connection's 30 s idle limit, which the poll keeps alive.
     */
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(5).max(20_000).default(DEFAULT_POLL_INTERVAL_MS),
    /**
     * How long a consumed event may wait for a fact from another topic (e.g. the ledger's claim
     * approval for the loan's default) before it is dead-lettered; its partition is paused meanwhile.
     */
    CONSUMER_AWAIT_FACT_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(DEFAULT_AWAIT_FACT_MS),
    /**
     * The most consumed events handled in one database transaction (the consecutive valid events
     * of a fetched batch; one that fails sends its events through one by one). 1: a transaction each.
     * Unset: the service's own default (ServiceDefinition.batchEvents), else DEFAULT_BATCH_EVENTS.
     */
    CONSUMER_BATCH_EVENTS: z.coerce.number().int().min(1).max(1_000).optional(),
    /**
     * How long the broker waits for a consumer's heartbeat before it ends the member: after a crash
     * (kill -9, a lost machine) the group's partitions wait this long for a restarted or another
     * instance. Shorter fails over sooner, but a pause longer than it (GC, a slow disk) costs a
     * rebalance. At least the broker's group.min.session.timeout.ms (6 s by default).
     */
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(DEFAULT_SESSION_TIMEOUT_MS),
    /**
     * How long a request carrying IPledger-After waits for the listed events to be applied here
     * before it answers 503 not-yet-consistent (0: do not wait, answer at once).
     */
    CONSISTENCY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /**
     * How far back a caller may date a fact that happened outside the system (a disbursement, a
     * repayment, an overdue or default report, a deal's contract): a 36-month loan plus a year.
     */
    BACKDATING_LIMIT_DAYS: z.coerce.number().int().min(1).max(36_500).default(DEFAULT_BACKDATING_LIMIT_DAYS),
    /** After SIGTERM/SIGINT: the longest the orderly shutdown may take before the process gives up and exits 1. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(25_000),
    /**
     * After SIGTERM/SIGINT: how long readiness answers 503 before the listener closes, so a load
     * balancer stops routing here first (0: close at once; a few seconds behind a load balancer).
     */
    SHUTDOWN_READINESS_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    IPLEDGER_TRUSTED_PROXIES: TrustedProxiesSetting,
    /** The identity service's Ed25519 public key as a JWK (one line of JSON): every service checks tokens with it. */
    IPLEDGER_JWT_PUBLIC_KEY: z
      .string({ error: 'is required: the Ed25519 public key (JWK JSON) that checks bearer tokens' })
      .refine(isEd25519PublicJwk, { message: 'must be an Ed25519 public key as JWK JSON: {"kty":"OKP","crv":"Ed25519","x":"…"}' }),
    /** Retention of the outbox, the inbox and the idempotency keys (retention-config.ts). */
    ...RetentionSettings,
  })
  .superRefine(checkRetention);

function isEd25519PublicJwk(value: string): boolean {
  try {
    const jwk = JSON.parse(value) as Record<string, unknown>;
    return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string' && jwk.d === undefined;
  } catch {
    return false;
  }
}

function isEd25519Jwk(value: string | Record<string, unknown>, privateKey: boolean): boolean {
  try {
    const jwk = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
    const keyed = jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string' && typeof jwk.kid === 'string' && jwk.kid !== '';
    return keyed && (privateKey ? typeof jwk.d === 'string' : jwk.d === undefined);
  } catch {
    return false;
  }
}

function isPublicKeyMap(value: string): boolean {
  try {
    const map = JSON.parse(value) as Record<string, unknown>;
    return (
      SERVICE_NAMES.every((service) => Array.isArray(map[service]) && (map[service] as unknown[]).length > 0) &&
      Object.values(map).every(
        (keys) =>
          Array.isArray(keys) &&
          keys.every((key) => typeof key === 'object' && key !== null && isEd25519Jwk(key as Record<string, unknown>, false)),
      )
    );
  } catch {
    return false;
  }
}
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}
