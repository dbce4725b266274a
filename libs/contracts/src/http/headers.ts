import { isEventType, type EventType } from '../catalogue';

/**
 * Request headers. Who acts comes only from the bearer token in `authorization` (http/auth.ts);
 * every stored change records the organisation, role and user it names.
 */
export const HEADERS = {
  authorization: 'authorization',
  correlationId: 'x-correlation-id',
  requestId: 'x-request-id',
  idempotencyKey: 'idempotency-key',
  /** Response of a command (2xx POST): the events it appended to its outbox, as event tokens. */
  commandEvents: 'ipledger-events',
  /** Request, any method: event tokens from earlier answers that this request must see applied. */
  after: 'ipledger-after',
} as const;

/**
 * Read-your-writes across services. A command's answer lists the events it caused
 * (`IPledger-Events: LoanDefaulted:0190…`); a later request to any service may send them back
 * (`IPledger-After`), and that service answers only once it has applied every listed event of a
 * type it consumes (or 503 `not-yet-consistent` with Retry-After after a bounded wait).
 */
export interface EventToken {
  type: EventType;
  /** The envelope's eventId (UUIDv7), lower case. */
  eventId: string;
}

/** At most this many tokens in one IPledger-After (several chained answers' worth). */
export const MAX_EVENT_TOKENS = 100;

const TOKEN = /^([A-Za-z][A-Za-z0-9]{0,63}):([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export function formatEventTokens(tokens: readonly EventToken[]): string {
  return tokens.map((token) => `${token.type}:${token.eventId}`).join(', ');
}

export type ParsedEventTokens = { ok: true; tokens: EventToken[] } | { ok: false; rule: string };

/**
 * Parses IPledger-After: `<type>:<eventId>` tokens separated by commas (a repeated header counts as
 * one list). Empty items are skipped; duplicates count once. An unknown event type is refused like
 * any malformed token: the catalogue is shared by every service.
 */
export function parseEventTokens(value: string | readonly string[] | undefined): ParsedEventTokens {
  const items = (typeof value === 'string' ? [value] : (value ?? []))
    .flatMap((part) => part.split(','))
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (items.length > MAX_EVENT_TOKENS)
    return { ok: false, rule: `must list at most ${MAX_EVENT_TOKENS} event tokens, not ${items.length}` };
  const tokens = new Map<string, EventToken>();
  for (const item of items) {
    const match = TOKEN.exec(item);
    if (!match) return { ok: false, rule: `"${item.slice(0, 80)}" is not an event token <EventType>:<eventId> (a UUID)` };
    const [, type, eventId] = match;
    if (!isEventType(type)) return { ok: false, rule: `"${type}" is not an event type of the catalogue` };
    tokens.set(eventId.toLowerCase(), { type, eventId: eventId.toLowerCase() });
  }
  return { ok: true, tokens: [...tokens.values()] };
}
