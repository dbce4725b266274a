// The messaging half of start-up and shutdown. Nest's app.close() calls beforeApplicationShutdown
// before it closes the HTTP server and the microservice transport, so the order that loses
// nothing is made here: stop the event consumer (in-flight handlers finish, offsets committed),
// then publish what the last commands and handlers wrote to the outbox, then disconnect the
// relay's producer (relay.close()); the database goes last (onApplicationShutdown). The retention
// pruner starts with the relay and is the first to stop (it finishes the statement in flight).
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DatabaseClient } from '@ipledger/db';
import type { MessagingPruner, OutboxRelay } from '@ipledger/messaging';
import type { Logger } from './logging';
import type { ServiceState } from './service-state';
import { LOGGER, MESSAGING_PRUNER, OUTBOX_RELAY, PRISMA, SERVICE_STATE } from './tokens';

export const RELAY_PRODUCER = Symbol('RELAY_PRODUCER');

@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(MESSAGING_PRUNER) private readonly pruner: MessagingPruner,
    @Inject(PRISMA) private readonly prisma: DatabaseClient,
    @Inject(SERVICE_STATE) private readonly state: ServiceState,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.pruner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.state.markShuttingDown();
    await this.pruner.stop();
    if (await this.state.stopConsumer()) {
      this.logger.info({ step: 'consumer' }, 'shutdown: event consumer stopped; in-flight handlers finished, their offsets committed');
    }
    await this.relay.stop();
    try {
      const published = await this.relay.drain();
      this.logger.info({ step: 'outbox', published }, 'shutdown: outbox drained');
    } catch (error) {
      // Not lost: the rows stay unpublished and the next start publishes them.
      this.logger.error(
        { step: 'outbox', err: (error as Error).message },
        'shutdown: outbox drain failed; unpublished events wait for the next start',
      );
    }
    await this.relay.close();
    this.logger.info({ step: 'producer' }, 'shutdown: producer disconnected');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
    this.logger.info({ step: 'database' }, 'shutdown: database disconnected');
  }
}
