// Parsing reports problems as values (callers turn them into 400s); the throwing API is for
// code paths that already validated their input, so a throw there is a bug, not user error.
export type ParseErrorCode =
  'NOT_A_STRING' | 'INVALID_FORMAT' | 'TOO_MANY_DECIMALS' | 'NEGATIVE_NOT_ALLOWED' | 'ZERO_NOT_ALLOWED' | 'OUT_OF_RANGE';

export type MoneyErrorCode = ParseErrorCode | 'INVALID_FACTOR' | 'INVALID_ALLOCATION' | 'INVALID_DECIMALS';

export interface MoneyParseError {
  readonly code: ParseErrorCode;
  /** The name of the input, as used in `message`, so callers can attach the error to a field. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: MoneyParseError };

export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function parseFailure(code: ParseErrorCode, field: string, message: string): ParseResult<never> {
  return { ok: false, error: { code, field, message } };
}

/** Echoes user input in messages without letting a huge or odd value flood the logs. */
export function describeInput(input: unknown): string {
  if (typeof input !== 'string') {
    return input === null ? 'null' : `a ${typeof input}`;
  }
  const shown = input.length > 32 ? `${input.slice(0, 32)}…` : input;
  return JSON.stringify(shown);
}
