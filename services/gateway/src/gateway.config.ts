import { z } from 'zod';
import { loadConfig, TrustedProxiesSetting } from '@ipledger/service-kit';

const ServiceUrl = z.url({ protocol: /^https?$/, message: 'must be an http:// URL of the service' });

export const GatewayConfigSchema = z.object({
  IPLEDGER_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLEDGE_REGISTRATION_URL: ServiceUrl,
  VALUATION_URL: ServiceUrl,
  LENDING_URL: ServiceUrl,
  LEDGER_URL: ServiceUrl,
  RISK_COMPENSATION_URL: ServiceUrl,
  IDENTITY_URL: ServiceUrl,
  AUDIT_URL: ServiceUrl,
  STATISTICS_URL: ServiceUrl,
  /**
   * The proxies in front of the gateway whose X-Forwarded-For it believes (default loopback). The
   * gateway sends each service one address in X-Forwarded-For: the caller's as resolved here.
   */
  IPLEDGER_TRUSTED_PROXIES: TrustedProxiesSetting,
  /** How long a proxied request may take before the gateway answers 504. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(GatewayConfigSchema, env);
}
