// Errors are values with a code and a message a bank's developer can act on. HTTP maps them to
// statuses in one place (http-exception.filter.ts).
import type { ErrorCode, FieldIssue } from '@ipledger/contracts';

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 403 | 404 | 409;
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

/** 400: the acting organisation and role are missing or malformed. */
export class MissingActorError extends DomainError {
  readonly status = 400;
  readonly code = 'missing-actor';
  constructor(readonly details: FieldIssue[]) {
    super('the acting organisation and role must be given in the x-actor-org and x-actor-role headers');
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
  constructor(message: string, readonly currentState: string) {
    super(message);
  }
}

/** 409: a business rule against current data refused the command (e.g. above the loan-to-value limit). */
export class RuleViolationError extends DomainError {
  readonly status = 409;
  readonly code = 'rule-violated';
  constructor(
    message: string,
    readonly currentState?: string,
    /** Every rule that refused the command, each against the field it concerns. */
    readonly details?: FieldIssue[],
  ) {
    super(message);
  }
}

/** 409: an Idempotency-Key reused for a different request, or whose first request is still running. */
export class IdempotencyConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'idempotency-conflict';
}
