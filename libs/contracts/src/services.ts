/** Every deployable that produces or consumes events; the envelope's `producer` is one of these. */
export const SERVICE_NAMES = [
  'pledge-registration',
  'valuation',
  'lending',
  'ledger',
  'risk-compensation',
  'identity',
  'audit',
  'statistics',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
