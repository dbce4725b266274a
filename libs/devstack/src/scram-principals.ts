// SCRAM principals added to a running cluster: what an operator does with `kafka-configs.sh
// --alter --entity-type users` before a deployment with principals of its own starts (its bundle
// names them, see deploymentKafkaSecurity). The local broker gets the run's principals when its
// storage is formatted (kafka.ts); a second deployment on the same cluster needs them added live.
// kafkajs cannot send AlterUserScramCredentials, so Kafka's own admin client does it, from
// libs/devstack/java/ScramPrincipals.java run with the Kafka jars (one JVM for every principal).
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { errorMessage } from './error-message';
import { saslOf, type KafkaCredentials } from './kafka-security';
import { defaultKafkaJarsDir, repoRoot } from './paths';
import { pollUntil } from './poll';
import { runCommand } from './processes';

export interface AddScramPrincipalsOptions {
  /** A super user of the cluster (may alter user credentials). */
  admin: KafkaCredentials;
  /** Default: .ipledger/kafka-jars. */
  jarsDir?: string;
  /** How long the principals may take to be accepted by every broker. Default 60 s. */
  timeoutMs?: number;
}

const SAFE = /^[^\t\n\r"\\]+$/;

function javaBinary(): string {
  const home = process.env['JAVA_HOME'];
  return home !== undefined && home !== '' ? path.join(home, 'bin', 'java') : 'java';
}

/** Whether `principal` can log in now. */
async function canLogIn(brokers: readonly string[], principal: KafkaCredentials): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'ipledger-devstack-scram-probe',
    brokers: [...brokers],
    sasl: saslOf(principal),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    return true;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Resolves once `principal` can log in (the brokers learn new credentials from the metadata log). */
async function waitUntilAccepted(brokers: readonly string[], principal: KafkaCredentials, timeoutMs: number): Promise<void> {
  await pollUntil(() => canLogIn(brokers, principal), {
    timeoutMs,
    description: `Kafka at ${brokers.join(',')} to accept the new principal "${principal.username}"`,
    describeError: errorMessage,
  });
}

/**
 * Creates (or updates) SASL/SCRAM-SHA-512 credentials for `principals` on the cluster, as the
 * super user `options.admin`, and resolves when each of them can log in. Credentials travel in
 * the child's environment, never on its command line.
 */
export async function addScramPrincipals(
  brokers: readonly string[],
  principals: readonly KafkaCredentials[],
  options: AddScramPrincipalsOptions,
): Promise<void> {
  if (principals.length === 0) return;
  for (const { username, password } of [options.admin, ...principals]) {
    if (!SAFE.test(username) || !SAFE.test(password))
      throw new Error(`SCRAM principal "${username}": user names and passwords may not contain tabs, line breaks, quotes or backslashes`);
  }
  const started = Date.now();
  const jars = path.join(path.resolve(options.jarsDir ?? defaultKafkaJarsDir()), '*');
  await runCommand(
    'add Kafka SCRAM principals',
    javaBinary(),
    ['-cp', jars, path.join(repoRoot(), 'libs', 'devstack', 'java', 'ScramPrincipals.java'), brokers.join(',')],
    {
      env: {
        ...process.env,
        SCRAM_ADMIN_USERNAME: options.admin.username,
        SCRAM_ADMIN_PASSWORD: options.admin.password,
        SCRAM_PRINCIPALS: principals.map(({ username, password }) => `${username}\t${password}`).join('\n'),
      },
      timeoutMs: 120_000,
    },
  );
  const timeoutMs = Math.max(0, started + (options.timeoutMs ?? 60_000) - Date.now());
  await Promise.all(principals.map((principal) => waitUntilAccepted(brokers, principal, timeoutMs)));
}
