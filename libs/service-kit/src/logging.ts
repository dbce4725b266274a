// The service's one pino logger (JSON lines on stdout, carrying the service name), and Nest's own
// log lines routed into it through nestjs-pino.
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger } from 'pino';

export type { Logger };
/** Nest's LoggerService writing into the service's pino logger: `app.useLogger(app.get(NestLogger))`. */
export { Logger as NestLogger } from 'nestjs-pino';

/**
 * JSON logs on stdout, one line per record, carrying the service name. Written synchronously:
 * pino's default asynchronous stream, flushed at exit, writes the queued lines before the one
 * still in flight, so the last lines of a shutdown came out of order, and a process that dies
 * loses what was queued.
 */
export function createLogger(service: string, level: string): Logger {
  return pino(
    { name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * nestjs-pino over the service's own logger. `useExisting`: the request-bound logger is the one the
 * access log (access-log.ts, pino-http, the first middleware) put on the request, so a Nest line
 * written while answering carries its requestId. nestjs-pino keeps the logger for lines outside a
 * request in a module-wide variable: in a process running several apps (tests), the first app's.
 */
export function nestLogging(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true });
}
