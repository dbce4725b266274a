import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { PrismaClient } from '@ipledger/db';
import type { OutboxRelay } from '@ipledger/messaging';
import { OUTBOX_RELAY, PRISMA } from './tokens';

export const RELAY_PRODUCER = Symbol('RELAY_PRODUCER');

/**
 * Starts the outbox relay once the app is up; on shutdown stops it after publishing what is
 * committed, then disconnects the producer and the database.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(RELAY_PRODUCER) private readonly producer: Producer,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.relay.drain().catch(() => 0);
    await this.producer.disconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
