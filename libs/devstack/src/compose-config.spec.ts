// infra/compose.yaml's broker must be secured like the local one and know the same principals as
// npm start: its configuration is generated from the same KafkaSecurity (compose-config.ts). The start
// script runs here against stand-ins for the image's Kafka tools (no Docker, no JVM): they record
// their arguments, so its format-once and refusal logic is checked for real.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPOSE_KAFKA_LAYOUT, composeServerProperties, composeStartScript, writeComposeConfig } from './compose-config';
import { brokerSecurityProperties, generateKafkaSecurity, localKafkaSecurity, scramFormatArgs, scramPrincipals } from './kafka-security';
import { repoRoot } from './paths';

describe('compose-config', () => {
  const security = generateKafkaSecurity();

  it('server.properties holds every line of brokerSecurityProperties for the same secrets', () => {
    const lines = composeServerProperties(security).split('\n');
    for (const line of brokerSecurityProperties(security)) expect(lines).toContain(line);
    expect(lines).toContain('allow.everyone.if.no.acl.found=false');
    expect(lines).toContain('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(lines).toContain('process.roles=broker,controller');
    expect(lines).toContain('auto.create.topics.enable=false');
    expect(lines).toContain(`listeners=CLIENT://:${COMPOSE_KAFKA_LAYOUT.clientPort},CONTROLLER://:${COMPOSE_KAFKA_LAYOUT.controllerPort}`);
    expect(lines).toContain(`advertised.listeners=CLIENT://127.0.0.1:${COMPOSE_KAFKA_LAYOUT.clientPort}`);
    expect(lines).toContain(`controller.quorum.voters=1@localhost:${COMPOSE_KAFKA_LAYOUT.controllerPort}`);
    expect(lines).toContain('log.dirs=/var/lib/kafka/data/kraft');
    // No PLAINTEXT listener left over from the open broker.
    expect(lines.filter((line) => /PLAINTEXT:\/\/|:PLAINTEXT(,|$)/.test(line))).toEqual([]);
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

  it('writes both files from the secrets npm start reads (kafka-secrets.json), the folder private', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-compose-'));
    try {
      const secrets = localKafkaSecurity(home); // what npm start reads from the same folder
      const files = writeComposeConfig(path.join(home, 'compose'), localKafkaSecurity(home));
      expect(fs.statSync(files.dir).mode & 0o777).toBe(0o700);
      expect(fs.readFileSync(files.serverProperties, 'utf8')).toBe(composeServerProperties(secrets));
      expect(fs.readFileSync(files.startScript, 'utf8')).toBe(composeStartScript(secrets));
      expect(fs.statSync(files.startScript).mode & 0o111).not.toBe(0);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('infra/compose.yaml mounts the generated files and runs the script instead of the image start-up', () => {
    const compose = fs.readFileSync(path.join(repoRoot(), 'infra', 'compose.yaml'), 'utf8');
    expect(compose).toContain('entrypoint: ["/bin/sh", "/etc/ipledger/kafka/start-kafka.sh"]');
    expect(compose).toContain('source: ${IPLEDGER_HOME:-../.ipledger}/compose/server.properties');
    expect(compose).toContain(`target: ${COMPOSE_KAFKA_LAYOUT.configDir}/server.properties`);
    expect(compose).toContain('source: ${IPLEDGER_HOME:-../.ipledger}/compose/start-kafka.sh');
    expect(compose).toContain(`target: ${COMPOSE_KAFKA_LAYOUT.configDir}/start-kafka.sh`);
    expect(compose).toContain(`kafka-data:${COMPOSE_KAFKA_LAYOUT.dataDir}`);
    expect(compose).toContain(`"127.0.0.1:${COMPOSE_KAFKA_LAYOUT.clientPort}:${COMPOSE_KAFKA_LAYOUT.clientPort}"`);
    expect(compose).toContain('POSTGRES_USER: postgres');
    expect(compose).not.toMatch(/KAFKA_LISTENERS|PLAINTEXT:\/\//);
  });

  describe('the start script, with stand-ins for the image tools', () => {
    let work: string;
    const run = (script: string) => {
      const file = path.join(work, 'start-kafka.sh');
      fs.writeFileSync(file, script);
      return spawnSync('/bin/sh', [file], {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'], IPLEDGER_KAFKA_BIN: path.join(work, 'bin'), IPLEDGER_KAFKA_DATA: path.join(work, 'data'), IPLEDGER_KAFKA_CONFIG: '/cfg/server.properties' },
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
      const formatted = calls().filter((line) => line.startsWith('storage ')).map((line) => line.slice('storage '.length));
      expect(formatted).toEqual(['format', '-t', 'Cluster-Id_0123456789', '-c', '/cfg/server.properties', ...scramFormatArgs(security)]);
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
