// Errors are values with a code and a message a bank's developer can act on. HTTP maps them to
// statuses in one place (http-exception.filter.ts).
import type { ErrorCode, FieldIssue } from '@ipledger/contracts';

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 503;
  abstract readonly code: ErrorCode;
}

/** 400: the request broke a rule about its own fields. */
export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'validation-failed';
  constructor(readonly details: FieldIssue[]) {
    super(`request is invalid: ${details.map((issue) => `${issue.field}: ${issue.rule}`).join('; ')}`);
  }
}

/** 401: no bearer token, or one that is malformed, wrongly signed or expired; the message says which. */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

/** 429: too many attempts (failed logins); the message says when to try again. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** 403: the role may not call this endpoint. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** 404: unknown id, or an id the caller may not see (we do not reveal which). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`);
  }
}

/** 409: the aggregate is not in a state that allows this command. */
export class IllegalTransitionError extends DomainError {
  readonly status = 409;
  readonly code = 'illegal-transition';
  constructor(
    message: string,
    readonly currentState: string,
  ) {
    super(message);
  }
}

/** 409: a business rule against current data refused the command (e.g. above the loan-to-value limit). */
export class RuleViolationError extends DomainError {
  readonly status = 409;
  constructor(
    message: string,
    readonly currentState?: string,
    /** Every rule that refused the command, each against the field it concerns. */
    readonly details?: FieldIssue[],
    /** A rule a client must tell apart from the others gets its own stable code. */
    readonly code: RuleViolationCode = 'rule-violated',
  ) {
    super(message);
  }
}

/** The codes of 409 business-rule refusals. */
export type RuleViolationCode = Extract<ErrorCode, 'rule-violated' | 'right-already-pledged'>;

/**
 * 409: the command lost a race. Another request changed the same record between this command's
 * read and its write (the optimistic-lock version check failed), or took the same unique key at the
 * same moment. Nothing was changed. Unlike a business-rule refusal, sending the same request again
 * is worth it: it is decided afresh on what is there then. The answer says so with
 * `retryable: true` and `Retry-After`.
 */
export class ConcurrentModificationError extends DomainError {
  readonly status = 409;
  readonly code = 'concurrent-modification';
  readonly retryAfterSeconds = 1;
  constructor(
    message: string,
    readonly currentState?: string,
  ) {
    super(message);
  }
}

/** 400: the request's body cannot be read as what it claims to be (not JSON, not UTF-8, not gzip, too deep). */
export class MalformedBodyError extends DomainError {
  readonly status = 400;
  readonly code = 'validation-failed';
  readonly details: FieldIssue[];
  constructor(field: string, rule: string) {
    super(`request is invalid: ${field}: ${rule}`);
    this.details = [{ field, rule }];
  }
}

/** 413: the body (once decompressed) is larger than the limit. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload-too-large';
}

/** 415: a body in a media type, charset or content coding the API does not take (it takes JSON in UTF-8). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
  constructor(
    message: string,
    /** The header at fault, e.g. "header content-type". */
    readonly field: string,
  ) {
    super(message);
  }
}

/** 405: the path exists but not with this method. */
export class MethodNotAllowedError extends DomainError {
  readonly status = 405;
  readonly code = 'method-not-allowed';
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(message);
  }
}

/** 409: an Idempotency-Key reused for a different request, or whose first request is still running. */
export class IdempotencyConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'idempotency-conflict';
}

/**
 * 503: the request named events (IPledger-After) that this service has not applied yet, and they
 * did not arrive within its bounded wait. Not a refusal: the same request succeeds once they do.
 */
export class NotYetConsistentError extends DomainError {
  readonly status = 503;
  readonly code = 'not-yet-consistent';
  constructor(
    message: string,
    /** The tokens still missing, as sent. */
    readonly pendingEvents: string[],
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
