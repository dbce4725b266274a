import { SERVICE_PATH_PREFIXES, type ServiceName } from '@ipledger/contracts';
import type { GatewayConfig } from './gateway.config';

export type Upstreams = Record<ServiceName, string>;

export function upstreamsFrom(config: GatewayConfig): Upstreams {
  return {
    'pledge-registration': config.PLEDGE_REGISTRATION_URL,
    valuation: config.VALUATION_URL,
    lending: config.LENDING_URL,
    ledger: config.LEDGER_URL,
    'risk-compensation': config.RISK_COMPENSATION_URL,
    identity: config.IDENTITY_URL,
    audit: config.AUDIT_URL,
    statistics: config.STATISTICS_URL,
  };
}

/** The service that owns a public path, by the contracts' path prefixes. */
export function serviceForPath(path: string): ServiceName | undefined {
  const entries = Object.entries(SERVICE_PATH_PREFIXES) as [ServiceName, readonly string[]][];
  return entries.find(([, prefixes]) =>
    prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)),
  )?.[0];
}
