#!/usr/bin/env node
// Writes the configuration of infra/compose.yaml's Kafka broker (libs/devstack/src/compose-config.ts)
// from the SAME Kafka identities `npm start` uses: IPLEDGER_KAFKA_SECURITY when set, otherwise
// <data folder>/kafka-secrets.json (created on first use, like `npm start` does). Run it before
// `docker compose -f infra/compose.yaml up -d`, with the same IPLEDGER_HOME as `npm start`:
//
//   node scripts/compose-config.mjs
//   docker compose -f infra/compose.yaml up -d
//   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:54329/ipledger KAFKA_BROKERS=127.0.0.1:19092 npm start
//
// Output: <data folder>/compose/server.properties and start-kafka.sh (compose mounts both; the folder
// is 0700: they hold SCRAM passwords). Prints the paths, never a password.
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
  const files = devstack.writeComposeConfig(path.join(home, 'compose'), security);
  const source = fromEnv ? devstack.KAFKA_SECURITY_ENV : path.join(home, 'kafka-secrets.json');
  console.log(`compose-config: wrote ${files.serverProperties} and ${files.startScript} from ${source}`);
  console.log(`compose-config: principals ${devstack.scramPrincipals(security).map((principal) => principal.username).join(', ')}`);
  if (process.env.IPLEDGER_HOME) {
    console.log(`compose-config: give docker compose the same folder: IPLEDGER_HOME=${home} docker compose -f infra/compose.yaml up -d`);
  }
} catch (error) {
  console.error(`compose-config: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
