// e2e helpers: the system's real processes (the same mains and environment as `npm start`, from
// @ipledger/devstack's one service list), each waited for until its /health answers.
import {
  startAllServices as startAll,
  startServiceProcess as startOne,
  type AppName,
  type RunningServices,
  type ServiceEnvironment,
  type ServiceProcess,
  type StartAllServicesOptions,
  type StartServiceOptions,
} from '@ipledger/devstack';
import { testEnvironment } from './env';

export type { AppName, RunningServices, ServiceEnvironment, ServiceProcess };

/** IPLEDGER_TEST_SERVICE_OUTPUT=1 shows the services' output; otherwise its tail is in failures. */
function echo(): ((name: AppName, line: string) => void) | undefined {
  if (process.env['IPLEDGER_TEST_SERVICE_OUTPUT'] !== '1') return undefined;
  return (name, line) => process.stderr.write(`[${name}] ${line}\n`);
}

/**
 * Spawns one service (`<the run's build>/services/<name>/src/main.js`, compiled by the global setup
 * from this run's sources; options.build to start another build) with `env` (DATABASE_URL, KAFKA_BROKERS,
 * KAFKA_TOPIC_PREFIX, and for the gateway the backends' URLs) on a free port (or options.port),
 * and resolves when GET /health answers 200. stop() sends SIGTERM (SIGKILL after 10 s).
 */
export function startServiceProcess(name: AppName, env: ServiceEnvironment, options: StartServiceOptions = {}): Promise<ServiceProcess> {
  const show = echo();
  return startOne(name, env, {
    onLine: show === undefined ? undefined : (line) => show(name, line),
    build: testEnvironment().build,
    ...options,
  });
}

/**
 * Spawns every service (backends and gateway, each on a free port, the gateway told the
 * backends' URLs) and resolves when all answer /health. stop() stops them all.
 */
export function startAllServices(env: ServiceEnvironment, options: StartAllServicesOptions = {}): Promise<RunningServices> {
  return startAll(env, { onLine: echo(), build: testEnvironment().build, ...options });
}
