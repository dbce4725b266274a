// infra/compose.yaml runs the whole system from the image (no Docker here: the file is parsed and
// checked against the code it deploys). Every service of libs/contracts' list and the gateway run
// the image with their own name, on distinct ports the gateway is told; each process's environment
// (compose.yaml's plus its generated env file) passes that service's own configuration schemas;
// Kafka is three KRaft brokers with 3 replicas and min ISR 2; the setup job runs before any service.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { SERVICE_NAMES } from '@ipledger/contracts';
import {
  APP_NAMES,
  BACKEND_SERVICES,
  composeBrokerList,
  composeServerProperties,
  composeServerPropertiesFile,
  composeServiceEnv,
  composeSetupEnv,
  generateKafkaSecurity,
  localSecrets,
  repoRoot,
  type AppName,
} from '@ipledger/devstack';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number>;
  env_file?: string;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: (string | { source: string; target: string })[];
  entrypoint?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const root = repoRoot();
const compose = load(fs.readFileSync(path.join(root, 'infra', 'compose.yaml'), 'utf8')) as ComposeFile;
const HOME = '${IPLEDGER_HOME:-../.ipledger}';
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`infra/compose.yaml has no service ${name}`);
  return found;
};
const environment = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, String(value)]));
const port = (name: string): number => Number(environment(name)['PORT']);

/** Each service's configuration problems for `envs`, from its own schemas (tests/build/config-check.ts). */
function configProblems(envs: Record<string, Record<string, string>>): Record<string, string[]> {
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'config-check.ts')], {
    cwd: root,
    input: JSON.stringify(envs),
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(output) as Record<string, string[]>;
}

describe('infra/compose.yaml', () => {
  it('runs every service of the contracts and the gateway from the image, each by its name', () => {
    expect([...SERVICE_NAMES].sort()).toEqual(BACKEND_SERVICES.map((backend) => backend.name).sort());
    for (const name of APP_NAMES) {
      expect({ name, image: service(name).image, command: service(name).command }).toEqual({
        name,
        image: 'ipledger:latest',
        command: [name],
      });
      expect({ name, envFile: service(name).env_file }).toEqual({ name, envFile: `${HOME}/compose/env/${name}.env` });
    }
    const built = APP_NAMES.map((name) => service(name).build).filter((build) => build !== undefined);
    expect(built).toEqual([{ context: '..', dockerfile: 'infra/container/Dockerfile', target: 'runtime' }]);
  });

  it('gives each service its own port and the gateway every backend at that port, publishing only the gateway', () => {
    const ports = APP_NAMES.map(port);
    expect(ports.every((value) => Number.isInteger(value) && value > 0)).toBe(true);
    expect(new Set(ports).size).toBe(APP_NAMES.length);
    const gateway = environment('gateway');
    for (const backend of BACKEND_SERVICES) {
      expect({ [backend.urlEnv]: gateway[backend.urlEnv] }).toEqual({ [backend.urlEnv]: `http://${backend.name}:${port(backend.name)}` });
      expect({ name: backend.name, host: environment(backend.name)['HOST'], ports: service(backend.name).ports }).toEqual({
        name: backend.name,
        host: '0.0.0.0',
        ports: undefined,
      });
    }
    expect(gateway['IPLEDGER_PORT']).toBe(gateway['PORT']);
    expect(service('gateway').ports).toEqual([`127.0.0.1:${gateway['PORT']}:${gateway['PORT']}`]);
  });

  it('gives each process an environment its own configuration accepts (compose.yaml plus its generated env file)', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-compose-env-'));
    try {
      const local = localSecrets(home);
      const secrets = { security: generateKafkaSecurity(), local, demoPassword: local.demoPassword };
      const envs = Object.fromEntries(APP_NAMES.map((name) => [name, { ...composeServiceEnv(name, secrets), ...environment(name) }]));
      // … and the check can fail: without its env file no backend starts.
      const { 'ledger:bare': bare, ...problems } = configProblems({ ...envs, 'ledger:bare': environment('ledger') });
      expect(problems).toEqual(Object.fromEntries(APP_NAMES.map((name) => [name, []])));
      expect(bare).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^DATABASE_URL: /),
          expect.stringMatching(/^KAFKA_SASL_USERNAME: /),
          expect.stringMatching(/^IPLEDGER_LEDGER_SIGNING_KEY: /),
        ]),
      );
      for (const name of APP_NAMES) {
        const own = composeServiceEnv(name, secrets);
        const overlap = Object.keys(environment(name)).filter((key) => key in own);
        expect({ name, overlap }).toEqual({ name, overlap: [] });
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs Kafka as three KRaft brokers (3 replicas, min ISR 2), each with its own configuration and volume', () => {
    const brokers = Object.entries(compose.services).filter(([, candidate]) => candidate.image?.startsWith('apache/kafka:'));
    expect(brokers.map(([name]) => name)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    const security = generateKafkaSecurity();
    brokers.forEach(([name, broker], index) => {
      const nodeId = index + 1;
      const sources = (broker.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume : `${volume.source}:${volume.target}`));
      expect(sources).toEqual([
        `${HOME}/compose/${composeServerPropertiesFile(nodeId)}:/etc/ipledger/kafka/server.properties`,
        `${HOME}/compose/start-kafka.sh:/etc/ipledger/kafka/start-kafka.sh`,
        `${name}-data:/var/lib/kafka/data`,
      ]);
      expect(compose.volumes).toHaveProperty(`${name}-data`);
      const properties = composeServerProperties(security, nodeId).split('\n');
      expect(properties).toEqual(
        expect.arrayContaining([
          `node.id=${nodeId}`,
          `advertised.listeners=CLIENT://${name}:19092`,
          'default.replication.factor=3',
          'min.insync.replicas=2',
        ]),
      );
    });
    for (const name of [...BACKEND_SERVICES.map((backend) => backend.name), 'setup']) {
      expect({ name, brokers: environment(name)['KAFKA_BROKERS'] }).toEqual({ name, brokers: composeBrokerList() });
      expect({
        name,
        replicas: environment(name)['KAFKA_REPLICATION_FACTOR'],
        minIsr: environment(name)['KAFKA_MIN_INSYNC_REPLICAS'],
      }).toEqual({ name, replicas: '3', minIsr: '2' });
    }
  });

  it('provisions the database and Kafka once, before any service starts', () => {
    const setup = service('setup');
    expect(setup.build).toEqual({ context: '..', dockerfile: 'infra/container/Dockerfile', target: 'build' });
    expect(setup.command).toEqual(['node', 'scripts/provision.mjs']);
    expect(fs.existsSync(path.join(root, 'scripts', 'provision.mjs'))).toBe(true);
    expect(setup.env_file).toBe(`${HOME}/compose/env/setup.env`);
    expect(
      Object.keys(
        composeSetupEnv({
          security: generateKafkaSecurity(),
          local: localSecrets(fs.mkdtempSync(path.join(os.tmpdir(), 'ipledger-setup-'))),
        }),
      ).sort(),
    ).toEqual(['DATABASE_URL', 'IPLEDGER_DB_ROLE_SECRET', 'IPLEDGER_KAFKA_SECURITY']);
    expect(Object.keys(setup.depends_on ?? {}).sort()).toEqual(['kafka-1', 'kafka-2', 'kafka-3', 'postgres']);
    for (const name of APP_NAMES as readonly AppName[]) {
      expect({ name, setup: service(name).depends_on?.['setup'] }).toEqual({
        name,
        setup: { condition: 'service_completed_successfully' },
      });
    }
  });
});
