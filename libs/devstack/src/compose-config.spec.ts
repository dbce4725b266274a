// infra/compose.yaml's brokers must be secured like the local one and know the same principals as
// npm start: their configuration is generated from the same KafkaSecurity (compose-config.ts). The start
// script runs here against stand-ins for the image's Kafka tools (no Docker, no JVM): they record
// their arguments, so its format-once and refusal logic is checked for real.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  COMPOSE_KAFKA_LAYOUT,
  composeBrokerList,
  composeClusterId,
  composeServerProperties,
  composeServiceEnv,
  composeStartScript,
  envFileText,
  writeComposeConfig,
} from './compose-config';
import { brokerSecurityProperties, generateKafkaSecurity, localKafkaSecurity, scramFormatArgs, scramPrincipals } from './kafka-security';
import { localSecrets } from './secrets';
import { APP_NAMES } from './services';

describe('compose-config', () => {
  const security = generateKafkaSecurity();

  it('server-<n>.properties holds every line of brokerSecurityProperties for the same secrets', () => {
    const lines = composeServerProperties(security, 2).split('\n');
    for (const line of brokerSecurityProperties(security)) expect(lines).toContain(line);
    expect(lines).toContain('allow.everyone.if.no.acl.found=false');
    expect(lines).toContain('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(lines).toContain('process.roles=broker,controller');
    expect(lines).toContain('auto.create.topics.enable=false');
    expect(lines).toContain(`listeners=CLIENT://:${COMPOSE_KAFKA_LAYOUT.clientPort},CONTROLLER://:${COMPOSE_KAFKA_LAYOUT.controllerPort}`);
    expect(lines).toContain(`advertised.listeners=CLIENT://kafka-2:${COMPOSE_KAFKA_LAYOUT.clientPort}`);
    expect(lines).toContain('log.dirs=/var/lib/kafka/data/kraft');
    // No PLAINTEXT listener left over from the open broker.
    expect(lines.filter((line) => /PLAINTEXT:\/\/|:PLAINTEXT(,|$)/.test(line))).toEqual([]);
  });

  it('makes three nodes of one cluster: each broker and controller, every node a voter, 3 replicas, min ISR 2', () => {
    const nodes = [1, 2, 3].map((id) => composeServerProperties(security, id).split('\n'));
    nodes.forEach((lines, index) => {
      expect(lines).toContain(`node.id=${index + 1}`);
      expect(lines).toContain('process.roles=broker,controller');
      expect(lines).toContain('controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
      expect(lines).toContain('default.replication.factor=3');
      expect(lines).toContain('min.insync.replicas=2');
      expect(lines).toContain('offsets.topic.replication.factor=3');
      expect(lines).toContain('transaction.state.log.min.isr=2');
    });
    expect(() => composeServerProperties(security, 4)).toThrow('no node 4 among 3');
    expect(composeBrokerList()).toBe('kafka-1:19092,kafka-2:19092,kafka-3:19092');
    // One cluster id for the three, a 16-byte base64url id, the same for the same principals only.
    expect(composeClusterId(security)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(composeClusterId(security)).toBe(composeClusterId(JSON.parse(JSON.stringify(security))));
    expect(composeClusterId(generateKafkaSecurity())).not.toBe(composeClusterId(security));
  });

  it('the start script formats with every SCRAM principal of the same secrets', () => {
    const script = composeStartScript(security);
    expect(scramPrincipals(security)).toHaveLength(11);
    for (const principal of scramPrincipals(security)) {
      expect(script).toContain(`--add-scram 'SCRAM-SHA-512=[name=${principal.username},password=${principal.password}]'`);
    }
    expect(script.match(/--add-scram /g)).toHaveLength(scramFormatArgs(security).length / 2);
    expect(script).toContain('"$BIN/kafka-storage.sh" format');
    expect(script).toContain('exec "$BIN/kafka-server-start.sh" "$CONFIG"');
    expect(script).toContain('BIN="${IPLEDGER_KAFKA_BIN:-/opt/kafka/bin}"');
  });

  it('writes every file from the secrets npm start reads (kafka-secrets.json, secrets.json), the folders private', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-compose-'));
    try {
      const kafka = localKafkaSecurity(home); // what npm start reads from the same folder
      const local = localSecrets(home);
      const secrets = { security: kafka, local, demoPassword: local.demoPassword };
      const files = writeComposeConfig(path.join(home, 'compose'), {
        security: localKafkaSecurity(home),
        local: localSecrets(home),
        demoPassword: local.demoPassword,
      });
      expect(fs.statSync(files.dir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(files.dir, 'env')).mode & 0o777).toBe(0o700);
      expect(files.serverProperties.map((file) => path.basename(file))).toEqual([
        'server-1.properties',
        'server-2.properties',
        'server-3.properties',
      ]);
      files.serverProperties.forEach((file, index) =>
        expect(fs.readFileSync(file, 'utf8')).toBe(composeServerProperties(kafka, index + 1)),
      );
      expect(fs.readFileSync(files.startScript, 'utf8')).toBe(composeStartScript(kafka));
      expect(fs.statSync(files.startScript).mode & 0o111).not.toBe(0);
      expect(files.envFiles.map((file) => path.basename(file))).toEqual([
        ...APP_NAMES.map((name) => `${name}.env`),
        'setup.env',
        'postgres.env',
      ]);
      expect(fs.readFileSync(path.join(files.dir, 'env', 'ledger.env'), 'utf8')).toBe(envFileText(composeServiceEnv('ledger', secrets)));
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('gives each process only its own secrets, as npm start does', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-compose-'));
    try {
      const local = localSecrets(home);
      const secrets = { security, local, demoPassword: local.demoPassword };
      const ledger = composeServiceEnv('ledger', secrets);
      expect(ledger['DATABASE_URL']).toMatch(/^postgresql:\/\/ipledger_ledger:[^@]+@postgres:5432\/ipledger$/);
      expect(ledger['KAFKA_SASL_USERNAME']).toBe(security.services.ledger.username);
      expect(ledger['IPLEDGER_EVENT_SIGNING_KEY']).toBe(security.signing.ledger.privateJwk);
      expect(ledger['IPLEDGER_LEDGER_SIGNING_KEY']).toBe(local.ledgerPrivateJwk);
      expect(Object.keys(ledger)).not.toEqual(expect.arrayContaining(['IPLEDGER_JWT_PRIVATE_KEY']));
      for (const name of APP_NAMES) {
        const env = composeServiceEnv(name, secrets);
        expect({ name, bundle: env['IPLEDGER_KAFKA_SECURITY'], roleSecret: env['IPLEDGER_DB_ROLE_SECRET'] }).toEqual({
          name,
          bundle: undefined,
          roleSecret: undefined,
        });
        expect({ name, audit: env['IPLEDGER_AUDIT_SIGNING_KEY'] !== undefined }).toEqual({ name, audit: name === 'audit' });
        expect({ name, tokens: env['IPLEDGER_JWT_PRIVATE_KEY'] !== undefined }).toEqual({ name, tokens: name === 'identity' });
      }
      expect(composeServiceEnv('gateway', secrets)['DATABASE_URL']).toBeUndefined();
      expect(envFileText({ A: '{"x":"y"}' })).toContain(`A='{"x":"y"}'`);
      expect(() => envFileText({ A: "it's" })).toThrow('A holds a quote');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  describe('the start script, with stand-ins for the image tools', () => {
    let work: string;
    const run = (script: string) => {
      const file = path.join(work, 'start-kafka.sh');
      fs.writeFileSync(file, script);
      return spawnSync('/bin/sh', [file], {
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'],
          IPLEDGER_KAFKA_BIN: path.join(work, 'bin'),
          IPLEDGER_KAFKA_DATA: path.join(work, 'data'),
          IPLEDGER_KAFKA_CONFIG: '/cfg/server.properties',
        },
      });
    };
    const calls = () => fs.readFileSync(path.join(work, 'calls'), 'utf8').trim().split('\n');

    beforeEach(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-compose-script-'));
      fs.mkdirSync(path.join(work, 'bin'));
      fs.mkdirSync(path.join(work, 'data'));
      const tool = (name: string, body: string) => fs.writeFileSync(path.join(work, 'bin', name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      // kafka-storage.sh: random-uuid prints an id; format records its arguments, one per line, and creates meta.properties.
      tool(
        'kafka-storage.sh',
        `if [ "$1" = random-uuid ]; then echo Cluster-Id_0123456789; exit 0; fi\n` +
          `for arg in "$@"; do printf 'storage %s\\n' "$arg" >> "${'$'}{IPLEDGER_KAFKA_DATA}/../calls"; done\n` +
          `mkdir -p "${'$'}{IPLEDGER_KAFKA_DATA}/kraft" && touch "${'$'}{IPLEDGER_KAFKA_DATA}/kraft/meta.properties"`,
      );
      tool('kafka-server-start.sh', `printf 'server %s\\n' "$@" >> "${'$'}{IPLEDGER_KAFKA_DATA}/../calls"`);
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    it('formats once with every principal, then only starts the broker', () => {
      const first = run(composeStartScript(security));
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      const formatted = calls()
        .filter((line) => line.startsWith('storage '))
        .map((line) => line.slice('storage '.length));
      expect(formatted).toEqual(['format', '-t', composeClusterId(security), '-c', '/cfg/server.properties', ...scramFormatArgs(security)]);
      expect(calls()).toContain('server /cfg/server.properties');

      fs.rmSync(path.join(work, 'calls'));
      const again = run(composeStartScript(security));
      expect(again.status).toBe(0);
      expect(calls()).toEqual(['server /cfg/server.properties']);
    });

    it('refuses a volume formatted with other credentials, and one formatted without authentication', () => {
      expect(run(composeStartScript(security)).status).toBe(0);
      fs.rmSync(path.join(work, 'calls'));
      const other = run(composeStartScript(generateKafkaSecurity()));
      expect(other.status).toBe(1);
      expect(other.stderr).toContain('formatted with other Kafka credentials');
      expect(other.stderr).toContain('docker compose -f infra/compose.yaml down -v');
      expect(fs.existsSync(path.join(work, 'calls'))).toBe(false);

      fs.rmSync(path.join(work, 'data'), { recursive: true });
      fs.mkdirSync(path.join(work, 'data'));
      fs.writeFileSync(path.join(work, 'data', 'meta.properties'), 'cluster.id=old\n'); // the open broker's layout
      const old = run(composeStartScript(security));
      expect(old.status).toBe(1);
      expect(old.stderr).toContain('formatted without authentication');
      expect(fs.existsSync(path.join(work, 'calls'))).toBe(false);
    });
  });
});
