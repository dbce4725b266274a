// Exit codes scripts can rely on, and the errors that carry them.
import type { ErrorBody } from '@ipledger/contracts';

export const EXIT = { ok: 0, failure: 1, usage: 2, authentication: 3, refused: 4, verification: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Something the CLI knows how to explain; `exitCode` says which kind. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad argument or combination of arguments (exit 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** Logging in failed (exit 3). */
export class AuthenticationError extends CliError {
  constructor(message: string) {
    super(message, EXIT.authentication);
  }
}

/** The API answered with an error body (exit 4): its code, message and details are shown. */
export class ApiRefusedError extends CliError {
  constructor(
    readonly what: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(describeRefusal(what, status, body), EXIT.refused);
  }
}

export function describeRefusal(what: string, status: number, body: unknown): string {
  const error = isErrorBody(body) ? body.error : undefined;
  if (error === undefined) return `${what}: the API answered ${status} ${JSON.stringify(body)}`;
  const lines = [`${what}: the API refused (${status} ${error.code}): ${error.message}`];
  for (const issue of error.details ?? []) lines.push(`  ${issue.field}: ${issue.rule}`);
  if (error.currentState !== undefined) lines.push(`  current state: ${error.currentState}`);
  if (error.requestId !== undefined) lines.push(`  request id: ${error.requestId}`);
  return lines.join('\n');
}

export function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}
