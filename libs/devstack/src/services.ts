// The system's processes, in ONE place: which services exist, where their mains are, which
// environment each gets. `npm start` (scripts/start.mjs) and the e2e helpers of @ipledger/testing
// start them with the same code.
//
// Every service is its own node process: `node -r @swc-node/register services/<name>/src/main.ts`
// (TypeScript compiled on load, tsconfig.base.json paths resolved), or, given the folder of a
// production build (scripts/build.mjs, option `build`), plain `node <build>/services/<name>/src/main.js`
// with no TypeScript tooling loaded. Each gets DATABASE_URL,
// KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, PORT and HOST=127.0.0.1; the gateway also IPLEDGER_PORT (= PORT) and the
// base URL of every backend service (PLEDGE_REGISTRATION_URL, VALUATION_URL, LENDING_URL, LEDGER_URL,
// RISK_COMPENSATION_URL, IDENTITY_URL, AUDIT_URL). Only identity gets IPLEDGER_JWT_PRIVATE_KEY, only the
// ledger IPLEDGER_LEDGER_SIGNING_KEY, only audit IPLEDGER_AUDIT_SIGNING_KEY. With IPLEDGER_KAFKA_SECURITY set (kafka-security.ts), each
// backend gets its own Kafka principal (KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,
// KAFKA_SASL_PASSWORD), its own event-signing key (IPLEDGER_EVENT_SIGNING_KEY) and every public
// key (IPLEDGER_EVENT_PUBLIC_KEYS); the gateway none of these.
//
// DATABASE_URL given here is the administrator's connection: a backend service gets instead the
// URL of its OWN role (database-roles.ts): <SERVICE>_DATABASE_URL when set, otherwise DATABASE_URL
// with the role's name and the password derived from IPLEDGER_DB_ROLE_SECRET. No process gets the
// administrator's URL, another service's URL or the secret; the gateway gets no database at all.
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from './error-message';
import { freePorts } from './ports';
import { KAFKA_SECURITY_ENV, kafkaSecurityFromEnv, serviceKafkaEnv } from './kafka-security';
import { describeExit, spawnManaged, type ManagedProcess, type OutputStream } from './processes';
import { repoRoot } from './paths';
import { pollUntil } from './poll';
import { ROLE_SECRET_VARIABLE, roleUrlVariable, serviceCredential, serviceGrant } from './database-roles';

export const BACKEND_SERVICES = [
  { name: 'pledge-registration', urlEnv: 'PLEDGE_REGISTRATION_URL' },
  { name: 'valuation', urlEnv: 'VALUATION_URL' },
  { name: 'lending', urlEnv: 'LENDING_URL' },
  { name: 'ledger', urlEnv: 'LEDGER_URL' },
  { name: 'risk-compensation', urlEnv: 'RISK_COMPENSATION_URL' },
  { name: 'identity', urlEnv: 'IDENTITY_URL' },
  { name: 'audit', urlEnv: 'AUDIT_URL' },
  { name: 'statistics', urlEnv: 'STATISTICS_URL' },
] as const;

export type BackendServiceName = (typeof BACKEND_SERVICES)[number]['name'];
export type AppName = BackendServiceName | 'gateway';

/** Every process of the system, backends first, gateway last. */
export const APP_NAMES: readonly AppName[] = [...BACKEND_SERVICES.map((service) => service.name), 'gateway'];

/** The environment the infrastructure gives every service. */
export interface ServiceEnvironment {
  DATABASE_URL: string;
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: string;
  /** Prefix of every topic and consumer group ('' in normal running, unique per test). */
  KAFKA_TOPIC_PREFIX: string;
  /** Anything else, passed through as is. */
  [name: string]: string | undefined;
}

export interface ServiceProcess {
  name: AppName;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  process: ManagedProcess;
  /** The last lines of its output. */
  tail(maxLines?: number): string;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  /** Default: a free port. */
  port?: number;
  /** Called with each line of the service's output (stdout and stderr). */
  onLine?: (line: string, stream: OutputStream) => void;
  /** How long to wait for GET /health to answer 200. Default 90 s. */
  healthTimeoutMs?: number;
  /** Default 10 s; then SIGKILL. */
  stopTimeoutMs?: number;
  /** Aborting gives up waiting: the process is stopped and the promise rejects. */
  signal?: AbortSignal;
  /**
   * The folder of a production build (`node scripts/build.mjs --out <folder>`): start its compiled
   * main with plain node. Default: the TypeScript source through swc-node.
   */
  build?: string;
}

/** Where the mains are: services/ at the repository root. */
export function servicesDir(): string {
  return path.join(repoRoot(), 'services');
}

export function serviceMain(name: AppName): string {
  return path.join(servicesDir(), name, 'src', 'main.ts');
}

/** A service's compiled main in a production build folder. */
export function builtServiceMain(build: string, name: AppName): string {
  return path.join(path.resolve(build), 'services', name, 'src', 'main.js');
}

/**
 * V8's heap limits for a service from a production build, as the container's entrypoint sets them
 * (infra/container/entrypoint.sh; keep the two the same). Without a limit V8 sizes the heap against
 * the machine's memory and lets a busy service's old space fill with garbage up to 150 MiB and more
 * before collecting it (peak resident memory 340–430 MiB while draining a backlog); with one it
 * collects sooner (about 200 MiB, the same throughput). A service keeps 50–70 MiB live; 160 leaves
 * room for more. A smaller young generation (4 MiB semi-spaces, not 16) costs scavenges, not time.
 */
export const SERVICE_HEAP_FLAGS: readonly string[] = ['--max-old-space-size=160', '--max-semi-space-size=4'];

/** How node starts a main: the source through swc-node, or a build's JavaScript with nothing preloaded. */
function nodeLaunch(name: AppName, build: string | undefined): { main: string; args: string[]; env: Record<string, string | undefined> } {
  if (build === undefined) {
    const main = serviceMain(name);
    return {
      main,
      args: ['--enable-source-maps', '-r', '@swc-node/register', main],
      env: { SWC_NODE_PROJECT: path.join(repoRoot(), 'tsconfig.base.json') },
    };
  }
  const main = builtServiceMain(build, name);
  return {
    main,
    args: ['--enable-source-maps', ...SERVICE_HEAP_FLAGS, main],
    env: { SWC_NODE_PROJECT: undefined, NODE_OPTIONS: undefined },
  };
}

const ABANDONED = 'start-up abandoned';

/**
 * Only the identity service may hold the key that signs tokens, only the ledger the key that signs
 * its checkpoints, only the audit service the key that signs the audit chain's; every service gets
 * the public keys.
 */
function withoutSigningKey<E extends Record<string, string | undefined>>(env: E, name: AppName): E {
  let kept: Record<string, string | undefined> = env;
  if (name !== 'ledger') {
    const { IPLEDGER_LEDGER_SIGNING_KEY: _ledger, ...rest } = kept;
    kept = rest;
  }
  if (name !== 'audit') {
    const { IPLEDGER_AUDIT_SIGNING_KEY: _audit, ...rest } = kept;
    kept = rest;
  }
  if (name !== 'identity') {
    const { IPLEDGER_JWT_PRIVATE_KEY: _private, IPLEDGER_DEMO_PASSWORD: _demo, ...rest } = kept;
    kept = rest;
  }
  return kept as E;
}

const DATABASE_VARIABLE = /(^|_)DATABASE_URL$/;

/**
 * The environment with exactly one database URL, the service's own role's (none for the
 * gateway), and without the secret the role passwords are derived from.
 */
export function withServiceDatabase<E extends Record<string, string | undefined>>(env: E, name: AppName): E {
  const kept: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(env).filter(([variable]) => !DATABASE_VARIABLE.test(variable) && variable !== ROLE_SECRET_VARIABLE),
  );
  if (name === 'gateway' || serviceGrant(name) === undefined) return kept as E;
  const service = name as BackendServiceName;
  const admin = env['DATABASE_URL'] ?? '';
  const own = env[roleUrlVariable(service)] ?? '';
  if (own === '' && admin === '') throw new Error(`service ${name}: no database (set DATABASE_URL, or ${roleUrlVariable(service)})`);
  return { ...kept, DATABASE_URL: serviceCredential(admin, service, env[ROLE_SECRET_VARIABLE], env).url } as unknown as E;
}

// ── Kafka identities (kafka-security.ts) ──
/**
 * The starter's IPLEDGER_KAFKA_SECURITY (every principal's password, every signing key) never
 * reaches a service: each backend gets its own principal and signing key and every public key
 * (serviceKafkaEnv), the gateway nothing of Kafka.
 */
function withOwnKafkaIdentity(
  name: AppName,
  inherited: Record<string, string | undefined>,
  given: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const security = kafkaSecurityFromEnv({ ...inherited, ...given } as NodeJS.ProcessEnv);
  const { [KAFKA_SECURITY_ENV]: _bundle, ...env } = { ...inherited, ...given };
  return security === undefined ? env : { ...env, ...serviceKafkaEnv(name, security) };
}

/**
 * What one service process is given of `env` over `inherited`: its own database role's URL (none for
 * the gateway), its own Kafka principal and signing key, only the private keys that are its own.
 * `npm start`, the tests and infra/compose.yaml's generated env files (compose-config.ts) alike.
 */
export function serviceProcessEnvironment(
  name: AppName,
  env: Record<string, string | undefined>,
  inherited: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  return withServiceDatabase(withOwnKafkaIdentity(name, withoutSigningKey(inherited, name), withoutSigningKey(env, name)), name);
}

/** Thrown by startServiceProcess when its signal was aborted. */
export class AbandonedError extends Error {
  constructor(readonly service: AppName) {
    super(`service ${service}: start-up abandoned`);
  }
}

/** Thrown by startServiceProcess when the process could not listen: its port was taken after it was picked. */
export class PortTakenError extends Error {
  constructor(
    readonly service: AppName,
    readonly port: number,
    message: string,
  ) {
    super(message);
  }
}

/** How many times a start is tried on newly picked ports when a port was taken between pick and listen. */
const PORT_ATTEMPTS = 3;

/** Polls GET <url>/health until it answers 200, the process dies, or the time is up. */
export async function waitForHealth(url: string, options: { timeoutMs?: number; isDead?: () => string | undefined } = {}): Promise<void> {
  await pollUntil(
    async () => {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status !== 200) throw new Error(`GET /health answered ${response.status}`);
      return true;
    },
    {
      timeoutMs: options.timeoutMs ?? 90_000,
      intervalMs: 200,
      description: `GET ${url}/health to answer 200`,
      stopWhen: options.isDead,
      // fetch's own message is "fetch failed"; the reason (ECONNREFUSED …) is its cause.
      describeError: (error) => errorMessage(error instanceof Error && error.cause instanceof Error ? error.cause : error),
    },
  );
}

/** Spawns one service's main and waits for its /health. Rejects with its output's tail on failure. */
export async function startServiceProcess(
  name: AppName,
  env: ServiceEnvironment,
  options: StartServiceOptions = {},
): Promise<ServiceProcess> {
  const launch = nodeLaunch(name, options.build);
  if (!fs.existsSync(launch.main)) throw new Error(`service ${name}: ${launch.main} does not exist`);
  const port = options.port ?? (await freePorts(1))[0];
  if (port === undefined) throw new Error(`service ${name}: no free port`);
  const root = repoRoot();
  const child = await spawnManaged({
    name,
    command: process.execPath,
    args: launch.args,
    cwd: root,
    env: {
      ...serviceProcessEnvironment(name, env),
      ...launch.env,
      // NODE_OPTIONS given for this service (a profiler to preload) stays; only an inherited one goes.
      ...(env.NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: env.NODE_OPTIONS }),
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(name === 'gateway' ? { IPLEDGER_PORT: String(port) } : {}),
    },
    onLine: options.onLine,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, {
      timeoutMs: options.healthTimeoutMs,
      isDead: () =>
        child.hasExited() ? `the process exited before /health answered` : options.signal?.aborted === true ? ABANDONED : undefined,
    });
  } catch (error) {
    await child.stop({ timeoutMs: 5_000 });
    if (error instanceof Error && error.message === ABANDONED) throw new AbandonedError(name);
    const exit = child.hasExited() ? ` (${describeExit(await child.exited)})` : '';
    const reason = errorMessage(error);
    const message = `service ${name} did not become healthy${exit}: ${reason}\n--- last output of ${name}:\n${child.tail(30)}`;
    if (child.tail(30).includes('EADDRINUSE')) throw new PortTakenError(name, port, message);
    throw new Error(message);
  }
  return {
    name,
    port,
    url,
    process: child,
    tail: (maxLines) => child.tail(maxLines),
    stop: async () => {
      await child.stop();
    },
  };
}

export interface StartAllServicesOptions {
  /** The gateway's port. Default: a free port. */
  gatewayPort?: number;
  /** Called with each line of every service's output. */
  onLine?: (name: AppName, line: string, stream: OutputStream) => void;
  healthTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** The folder of a production build: every process from its JavaScript (StartServiceOptions.build). */
  build?: string;
}

export interface RunningServices {
  services: ServiceProcess[];
  /** Base URL per service. */
  urls: Record<AppName, string>;
  gatewayUrl: string;
  /** Stops every service (in parallel). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts every service on its own port (backends on free ports, the gateway on `gatewayPort`),
 * all at once, and resolves when every /health answers 200. When one fails, the others are not
 * waited for: every process is stopped and the error names the failed service(s).
 */
export async function startAllServices(env: ServiceEnvironment, options: StartAllServicesOptions = {}): Promise<RunningServices> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startAllServicesOnce(env, options);
    } catch (error) {
      // Only a port taken between pick and listen is worth another try, on new ports.
      if (!(error instanceof PortTakenError) || attempt >= PORT_ATTEMPTS) throw error;
      process.stderr.write(`devstack: port ${error.port} was taken before ${error.service} could listen; starting again on new ports\n`);
    }
  }
}

async function startAllServicesOnce(env: ServiceEnvironment, options: StartAllServicesOptions): Promise<RunningServices> {
  const ports = await freePorts(APP_NAMES.length);
  const portOf = (name: AppName, index: number): number => {
    const port = name === 'gateway' ? (options.gatewayPort ?? ports[index]) : ports[index];
    if (port === undefined) throw new Error(`no port for ${name}`);
    return port;
  };
  const plan = APP_NAMES.map((name, index) => ({ name, port: portOf(name, index) }));
  const urls = Object.fromEntries(plan.map(({ name, port }) => [name, `http://127.0.0.1:${port}`])) as Record<AppName, string>;
  const backendUrls = Object.fromEntries(BACKEND_SERVICES.map((service) => [service.urlEnv, urls[service.name]]));

  const started: ServiceProcess[] = [];
  const giveUp = new AbortController();
  const results = await Promise.allSettled(
    plan.map(async ({ name, port }) => {
      try {
        const service = await startServiceProcess(name, name === 'gateway' ? { ...env, ...backendUrls } : env, {
          port,
          onLine: options.onLine === undefined ? undefined : (line, stream) => options.onLine?.(name, line, stream),
          healthTimeoutMs: options.healthTimeoutMs,
          stopTimeoutMs: options.stopTimeoutMs,
          signal: giveUp.signal,
          build: options.build,
        });
        started.push(service);
        return service;
      } catch (error) {
        giveUp.abort();
        throw error;
      }
    }),
  );
  const failures = results.flatMap((result) =>
    result.status === 'rejected' && !(result.reason instanceof AbandonedError) ? [result.reason] : [],
  );
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((service) => service.stop()));
  };
  if (failures.length > 0) {
    await stopAll();
    const [failure] = failures;
    if (failures.length === 1 && failure instanceof PortTakenError && options.gatewayPort !== failure.port) throw failure;
    throw new Error(failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('\n\n'));
  }
  const services = APP_NAMES.map((name) => started.find((service) => service.name === name)).filter(
    (service): service is ServiceProcess => service !== undefined,
  );
  return { services, urls, gatewayUrl: urls.gateway, stop: stopAll };
}
