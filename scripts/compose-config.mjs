#!/usr/bin/env node
// Writes the configuration of infra/compose.yaml (libs/devstack/src/compose-config.ts) from the SAME
// secrets `npm start` uses: the Kafka identities from IPLEDGER_KAFKA_SECURITY when set, otherwise
// <data folder>/kafka-secrets.json; the token, ledger and audit keys and the database roles' secret
// from <data folder>/secrets.json (both created on first use, like `npm start` does). Run it before
// `docker compose -f infra/compose.yaml up -d`, with the same IPLEDGER_HOME:
//
//   node scripts/compose-config.mjs            (IPLEDGER_DEMO_DATA=0: no demo accounts)
//   docker compose -f infra/compose.yaml up -d
//
// Output: <data folder>/compose/server-<n>.properties, start-kafka.sh and env/*.env (the folders are
// 0700: they hold passwords and private keys). Prints the paths, never a secret.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTs } from './lib/typescript.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = path.resolve(root, process.env.IPLEDGER_HOME || '.ipledger');
const devstack = requireTs('libs/devstack/src/index.ts');
try {
  fs.mkdirSync(home, { recursive: true });
  const fromEnv = devstack.kafkaSecurityFromEnv();
  const security = fromEnv ?? devstack.localKafkaSecurity(home);
  const local = devstack.localSecrets(home);
  const demoPassword = process.env.IPLEDGER_DEMO_DATA === '0' ? undefined : process.env.IPLEDGER_DEMO_PASSWORD || local.demoPassword;
  const files = devstack.writeComposeConfig(path.join(home, 'compose'), { security, local, demoPassword });
  const source = fromEnv ? devstack.KAFKA_SECURITY_ENV : path.join(home, 'kafka-secrets.json');
  console.log(`compose-config: wrote ${[...files.serverProperties, files.startScript].join(', ')} from ${source}`);
  console.log(
    `compose-config: wrote ${files.envFiles.length} env files into ${path.join(files.dir, 'env')} from ${path.join(home, 'secrets.json')}`,
  );
  if (demoPassword !== undefined)
    console.log(
      `compose-config: demo accounts on (their password is demoPassword in ${path.join(home, 'secrets.json')}; IPLEDGER_DEMO_DATA=0 turns them off)`,
    );
  console.log(
    `compose-config: principals ${devstack
      .scramPrincipals(security)
      .map((principal) => principal.username)
      .join(', ')}`,
  );
  if (process.env.IPLEDGER_HOME) {
    console.log(`compose-config: give docker compose the same folder: IPLEDGER_HOME=${home} docker compose -f infra/compose.yaml up -d`);
  }
} catch (error) {
  console.error(`compose-config: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
