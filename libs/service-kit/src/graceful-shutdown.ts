// What a service process does on SIGTERM or SIGINT, in order, logging each step:
//   1. readiness answers 503 "shutting-down" (a load balancer stops routing here);
//   2. after SHUTDOWN_READINESS_DELAY_MS, the HTTP listener closes; requests in flight finish;
//   3. app.close(): the event consumer stops (in-flight handlers finish, offsets committed), the
//      outbox is drained, the producer and the database disconnect (messaging-lifecycle.ts);
//   4. exit 0.
// A second signal, a failed step, or a shutdown longer than SHUTDOWN_TIMEOUT_MS exits 1.
// Replaces Nest's enableShutdownHooks, which re-raises the signal (the process then dies by the
// signal instead of exiting 0) and closes HTTP only after the shutdown hooks.
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { closeHttpServer } from './http-drain';
import type { Logger } from './logging';
import type { ServiceState } from './service-state';
import { SERVICE_STATE } from './tokens';

export interface GracefulShutdownOptions {
  timeoutMs: number;
  readinessDelayMs: number;
  signals?: readonly NodeJS.Signals[];
  /** process.exit unless a test replaces it. */
  exit?: (code: number) => void;
}

/** Runs the ordered shutdown once; resolves with the exit code. */
export async function shutDownGracefully(app: INestApplication, logger: Logger, readinessDelayMs: number): Promise<number> {
  const state = app.get<ServiceState>(SERVICE_STATE);
  try {
    state.markShuttingDown();
    logger.info({ step: 'readiness' }, 'shutdown: readiness answers 503 shutting-down');
    if (readinessDelayMs > 0) await sleep(readinessDelayMs);
    await closeHttpServer(app.getHttpServer() as Server);
    logger.info({ step: 'http' }, 'shutdown: HTTP listener closed; requests in flight finished');
    await app.close();
    logger.info({ step: 'done' }, 'shutdown: complete');
    return 0;
  } catch (error) {
    logger.error({ err: (error as Error).message, stack: (error as Error).stack }, 'shutdown: a step failed');
    return 1;
  }
}

/** Installs the signal handlers of a service process; returns their removal (for tests). */
export function installGracefulShutdown(app: INestApplication, logger: Logger, options: GracefulShutdownOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let bound: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (bound !== undefined) {
      clearTimeout(bound);
      logger.error({ signal }, 'shutdown: second signal while shutting down; exiting now');
      exit(1);
      return;
    }
    logger.info({ signal, timeoutMs: options.timeoutMs }, 'shutdown: started');
    // Not unref'd: a step waiting on a promise nothing will settle must end in exit 1, not in a
    // quiet exit 0 once the event loop runs dry.
    bound = setTimeout(() => {
      logger.error({ timeoutMs: options.timeoutMs }, 'shutdown: not finished in time; exiting');
      exit(1);
    }, options.timeoutMs);
    void shutDownGracefully(app, logger, options.readinessDelayMs).then((code) => {
      clearTimeout(bound);
      exit(code);
    });
  };
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
}
