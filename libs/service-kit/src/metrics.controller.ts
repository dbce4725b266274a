// GET /metrics: the service's metrics in Prometheus text format (metrics.ts), public like the
// health endpoints and, like them, not in the routes table: the gateway does not expose it, so a
// monitoring system scrapes each service's own port on the internal network.
import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { MessagingPruner, OutboxRelay } from '@ipledger/messaging';
import type { Registry } from 'prom-client';
import { createServiceMetrics } from './metrics';
import type { ServiceIdentity } from './service-identity';
import type { ServiceState } from './service-state';
import { MESSAGING_PRUNER, OUTBOX_RELAY, SERVICE_IDENTITY, SERVICE_STATE } from './tokens';

@Controller()
export class MetricsController {
  private readonly registry: Registry;

  constructor(
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    @Inject(SERVICE_STATE) state: ServiceState,
    @Inject(OUTBOX_RELAY) relay: OutboxRelay,
    @Inject(MESSAGING_PRUNER) pruner: MessagingPruner,
  ) {
    this.registry = createServiceMetrics(identity.service, {
      consumerStatus: () => state.consumerStatus(),
      offsetLosses: () => state.offsetLosses(),
      failingPartitions: () => relay.failingPartitions().map((entry) => entry.partition),
      outboxBacklog: () => relay.backlog(),
      prunedTotals: () => pruner.prunedTotals(),
      lastCompletePrune: () => pruner.lastCompleteRound(),
    });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
