// What the jest global setup hands to test workers, through process.env. No path aliases here:
// the global setup imports this file without jest's moduleNameMapper.

export const ENV = {
  /** URL of the test server's `postgres` database (CREATE/DROP DATABASE). */
  adminUrl: 'IPLEDGER_TEST_ADMIN_URL',
  /** Migrated database that every test database is copied from. */
  templateDb: 'IPLEDGER_TEST_TEMPLATE_DB',
  /** Comma-separated host:port list of the test run's Kafka. */
  brokers: 'KAFKA_BROKERS',
  /** Short lower-case id of this `npm test` run, in database and topic names. */
  runId: 'IPLEDGER_TEST_RUN_ID',
  /** The run's Ed25519 token keys (JWK JSON), as the services read them. */
  jwtPublicKey: 'IPLEDGER_JWT_PUBLIC_KEY',
  jwtPrivateKey: 'IPLEDGER_JWT_PRIVATE_KEY',
  /** The run's Ed25519 ledger keys (JWK JSON): the ledger signs checkpoints, verifiers check them. */
  ledgerPublicKey: 'IPLEDGER_LEDGER_PUBLIC_KEY',
  ledgerSigningKey: 'IPLEDGER_LEDGER_SIGNING_KEY',
  /** The run's Ed25519 audit keys (JWK JSON): the audit service signs its chain's checkpoints. */
  auditPublicKey: 'IPLEDGER_AUDIT_PUBLIC_KEY',
  auditSigningKey: 'IPLEDGER_AUDIT_SIGNING_KEY',
  /** The run's secret of the database roles' passwords (services connect as their own role). */
  roleSecret: 'IPLEDGER_DB_ROLE_SECRET',
  /** The run's production build (scripts/build.mjs), which every service process starts from. */
  build: 'IPLEDGER_TEST_BUILD',
} as const;

export interface TestEnvironment {
  adminUrl: string;
  templateDb: string;
  brokers: string[];
  runId: string;
  jwtPublicKey: string;
  jwtPrivateKey: string;
  ledgerPublicKey: string;
  ledgerSigningKey: string;
  auditPublicKey: string;
  auditSigningKey: string;
  roleSecret: string;
  build: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `${name} is not set: this helper needs the integration test infrastructure, started by ` +
        'libs/testing/src/global-setup.ts. Name the test *.int.spec.ts (or tests/e2e/**/*.e2e.spec.ts) ' +
        'and run it in the jest "integration" project, e.g. `npx jest --selectProjects integration <path>`.',
    );
  }
  return value;
}

export function testEnvironment(): TestEnvironment {
  return {
    adminUrl: required(ENV.adminUrl),
    templateDb: required(ENV.templateDb),
    brokers: required(ENV.brokers)
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ''),
    runId: required(ENV.runId),
    jwtPublicKey: required(ENV.jwtPublicKey),
    jwtPrivateKey: required(ENV.jwtPrivateKey),
    ledgerPublicKey: required(ENV.ledgerPublicKey),
    ledgerSigningKey: required(ENV.ledgerSigningKey),
    auditPublicKey: required(ENV.auditPublicKey),
    auditSigningKey: required(ENV.auditSigningKey),
    roleSecret: required(ENV.roleSecret),
    build: required(ENV.build),
  };
}
