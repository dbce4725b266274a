// What `npm run bench` hands every service it starts and every event it produces. A service is a
// real process (startServiceProcess) on the run's infrastructure: it connects as its own database
// role (the administrator's URL and the roles' secret go in; only its role's URL comes out), as its
// own Kafka principal with its own signing key (from IPLEDGER_KAFKA_SECURITY), and checks bearer
// tokens with the run's public key. Events are signed as their producer's relay signs them.
import {
  kafkaSecurityFromEnv,
  startServiceProcess,
  type AppName,
  type KafkaServiceName,
  type ServiceProcess,
  type StartServiceOptions,
} from '@ipledger/devstack';
import type { EventEnvelope } from '@ipledger/contracts';
import { EventSigner } from '@ipledger/messaging';

export interface BenchInfrastructure {
  brokers: string[];
  topicPrefix: string;
  /** The administrator's URL of the run's database. */
  databaseUrl: string;
  roleSecret: string;
  jwtPublicKey: string;
  /** The run's production build (buildForProcesses), which the services start from; unset: from source. */
  build?: string;
}

/** Starts `name` on the run's infrastructure, logging at warn; `env` adds to or overrides that. */
export function startBenchService(
  name: AppName,
  infrastructure: BenchInfrastructure,
  env: Record<string, string | undefined> = {},
  options: StartServiceOptions = {},
): Promise<ServiceProcess> {
  return startServiceProcess(
    name,
    {
      DATABASE_URL: infrastructure.databaseUrl,
      IPLEDGER_DB_ROLE_SECRET: infrastructure.roleSecret,
      KAFKA_BROKERS: infrastructure.brokers.join(','),
      KAFKA_TOPIC_PREFIX: infrastructure.topicPrefix,
      LOG_LEVEL: 'warn',
      IPLEDGER_JWT_PUBLIC_KEY: infrastructure.jwtPublicKey,
      ...env,
    },
    { build: infrastructure.build, ...options },
  );
}

/**
 * `events` as Kafka messages, signed together with `producer`'s key as its outbox relay publishes
 * them (consumers reject unsigned events).
 */
export function signedMessages(
  events: readonly EventEnvelope[],
  producer: KafkaServiceName,
): { key: string; value: string; headers: Record<string, string> }[] {
  const security = kafkaSecurityFromEnv();
  if (security === undefined) throw new Error('IPLEDGER_KAFKA_SECURITY is not set: no signing keys');
  const values = events.map((event) => JSON.stringify(event));
  const headers = new EventSigner(security.signing[producer].privateJwk).headersForAll(values);
  return events.map((event, index) => ({ key: event.key, value: values[index] ?? '', headers: headers[index] ?? {} }));
}
