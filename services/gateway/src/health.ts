import type { ServiceName } from '@ipledger/contracts';
import type { Upstreams } from './upstreams';

export interface SystemHealth {
  status: 'ok' | 'degraded';
  services: Record<ServiceName, { status: 'up' | 'down'; checks?: unknown }>;
}

/** Asks every service's readiness; the system is ready only when all of them are. */
export async function checkSystemHealth(upstreams: Upstreams, timeoutMs = 2_000): Promise<SystemHealth> {
  const names = Object.keys(upstreams) as ServiceName[];
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        const answer = await fetch(new URL('/health/ready', upstreams[name]), { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await answer.json()) as { checks?: unknown };
        return [name, { status: answer.ok ? 'up' : 'down', checks: body.checks }] as const;
      } catch {
        return [name, { status: 'down' }] as const;
      }
    }),
  );
  const services = Object.fromEntries(results) as SystemHealth['services'];
  return { status: results.every(([, result]) => result.status === 'up') ? 'ok' : 'degraded', services };
}
