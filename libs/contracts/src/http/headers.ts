/**
 * Request headers. Who acts comes only from the bearer token in `authorization` (http/auth.ts);
 * every stored change records the organisation, role and user it names.
 */
export const HEADERS = {
  authorization: 'authorization',
  correlationId: 'x-correlation-id',
  requestId: 'x-request-id',
  idempotencyKey: 'idempotency-key',
} as const;
