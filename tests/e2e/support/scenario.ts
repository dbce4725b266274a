// The actors of the e2e scenarios and the system they run against.
import { topicNames } from '@ipledger/contracts';
import { KAFKA_SECURITY_ENV, type KafkaSecurity } from '@ipledger/devstack';
import {
  createTestDatabase,
  createTopicsForPrefix,
  deploymentSecurity,
  startAllServices,
  testBrokers,
  testEnvironment,
  testKafkaSecurity,
  uniqueTopicPrefix,
  type RunningServices,
  type TestDatabase,
} from '@ipledger/testing';
import { ApiClient, type ActingAs } from './api-client';

// The demo accounts (services/identity/src/demo-accounts.ts), logged in with the run's password.
export const BANK: ActingAs = { orgId: 'bank-cq-rural', role: 'bank', username: 'li.wei' };
export const OTHER_BANK: ActingAs = { orgId: 'bank-cq-city', role: 'bank', username: 'zhao.min' };
export const APPRAISER: ActingAs = { orgId: 'appraiser-cq-huaxin', role: 'appraiser', username: 'chen.jing' };
export const BUREAU: ActingAs = { orgId: 'bureau-cq', role: 'bureau', username: 'wang.fang' };
export const BUREAU_APPROVER: ActingAs = { orgId: 'bureau-cq', role: 'bureau', username: 'liu.yang' };
export const GUARANTOR: ActingAs = { orgId: 'guarantor-cq-xinda', role: 'guarantor', username: 'sun.li' };

/** The demo password of a scenario's system (not a secret: the system lives for one test file). */
export const E2E_DEMO_PASSWORD = 'e2e-demo-password';

export interface RunningSystem {
  api: ApiClient;
  prefix: string;
  brokers: string[];
  database: TestDatabase;
  services: RunningServices;
  /** The Kafka principals and signing keys its services run with. */
  kafkaSecurity: KafkaSecurity;
  stop(): Promise<void>;
}

export interface StartSystemOptions {
  /**
   * Kafka principals and signing keys of its own (`<prefix>.ledger`, …, created on the broker by
   * deploymentSecurity), granted only this system's topics and groups, as a deployment sharing a
   * cluster with others would run. Default: the run's, which every system of the run shares.
   */
  ownKafkaPrincipals?: boolean;
}

let kafkaPreparation: Promise<unknown> = Promise.resolve();

/**
 * A system's principals (when its own), topics and ACLs. One system at a time: the broker answered
 * two concurrent topic creations of systems started together with UNKNOWN_TOPIC_OR_PARTITION.
 */
function prepareKafka(prefix: string, options: StartSystemOptions): Promise<KafkaSecurity | undefined> {
  const prepared = kafkaPreparation.then(async () => {
    const own = options.ownKafkaPrincipals === true ? await deploymentSecurity(prefix.replace(/\.$/, '')) : undefined;
    await createTopicsForPrefix(prefix, topicNames(prefix), own);
    return own;
  });
  kafkaPreparation = prepared.catch(() => undefined);
  return prepared;
}

/** Every service as its own process, on a fresh database and fresh topics. */
export async function startSystem(label: string, options: StartSystemOptions = {}): Promise<RunningSystem> {
  const database = await createTestDatabase();
  const prefix = uniqueTopicPrefix(label);
  const own = await prepareKafka(prefix, options);
  const brokers = testBrokers();
  const kafkaSecurity = own ?? testKafkaSecurity();
  const services = await startAllServices({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    IPLEDGER_JWT_PUBLIC_KEY: testEnvironment().jwtPublicKey,
    IPLEDGER_JWT_PRIVATE_KEY: testEnvironment().jwtPrivateKey,
    IPLEDGER_LEDGER_PUBLIC_KEY: testEnvironment().ledgerPublicKey,
    IPLEDGER_LEDGER_SIGNING_KEY: testEnvironment().ledgerSigningKey,
    IPLEDGER_AUDIT_PUBLIC_KEY: testEnvironment().auditPublicKey,
    IPLEDGER_AUDIT_SIGNING_KEY: testEnvironment().auditSigningKey,
    IPLEDGER_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
    ...(own === undefined ? {} : { [KAFKA_SECURITY_ENV]: JSON.stringify(own) }),
  });
  return {
    api: new ApiClient(services.gatewayUrl, E2E_DEMO_PASSWORD),
    prefix,
    brokers,
    database,
    services,
    kafkaSecurity,
    stop: async () => {
      await services.stop();
      await database.drop();
    },
  };
}
