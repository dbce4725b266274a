/**
 * Request headers. Until real authentication lands, the acting organisation and role come from
 * headers; every stored change records them.
 */
export const HEADERS = {
  actorOrg: 'x-actor-org',
  actorRole: 'x-actor-role',
  actorUser: 'x-actor-user',
  correlationId: 'x-correlation-id',
  requestId: 'x-request-id',
  idempotencyKey: 'idempotency-key',
} as const;
