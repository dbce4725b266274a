// Read-your-writes across services, waiting half: a request (any method) may carry the event
// tokens of earlier answers in `IPledger-After` (command-events.ts). Before its handler runs, the
// service waits until its own inbox holds every listed event of a type it consumes (EVENT_CONSUMERS);
// tokens of types it does not consume are ignored (it never will hold them). Bounded: after
// CONSISTENCY_WAIT_MS it answers 503 not-yet-consistent with Retry-After and the tokens still
// missing, never the code of a real refusal, so a caller can tell "wait" from "no".
// Runs after authentication and roles: a caller without a valid token makes nobody wait.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { consumerGroupId, EVENT_CONSUMERS, HEADERS, parseEventTokens, type EventToken, type HttpRoute } from '@ipledger/contracts';
import type { DatabaseClient } from '@ipledger/db';
import { quoteSchema } from '@ipledger/messaging';
import { API_ROUTE_METADATA } from './api-route';
import type { ServiceConfig } from './config';
import { NotYetConsistentError, ValidationError } from './errors';
import type { ServiceIdentity } from './service-identity';
import { PRISMA, SERVICE_CONFIG, SERVICE_IDENTITY } from './tokens';

/** Between two looks at the inbox: short at first (the usual lag is milliseconds), then at most this. */
const FIRST_LOOK_AFTER_MS = 5;
const MAX_LOOK_INTERVAL_MS = 100;
/** What a 503 not-yet-consistent asks the caller to wait before sending the same request again. */
export const CONSISTENCY_RETRY_AFTER_SECONDS = 1;

@Injectable()
export class ConsistencyGuard implements CanActivate {
  private readonly consumed: ReadonlySet<string>;
  private readonly inbox: string;
  private readonly groupId: string | undefined;

  constructor(
    @Inject(PRISMA) private readonly prisma: DatabaseClient,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    const consumer = identity.consumer;
    this.consumed = new Set(consumer ? EVENT_CONSUMERS[consumer] : []);
    this.groupId = consumer ? consumerGroupId(consumer, config.KAFKA_TOPIC_PREFIX) : undefined;
    this.inbox = `${quoteSchema(identity.schema)}.inbox`;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const route = Reflect.getMetadata(API_ROUTE_METADATA, ctx.getHandler()) as HttpRoute | undefined;
    const request = ctx.switchToHttp().getRequest<Request>();
    const header = request.headers[HEADERS.after];
    if (!route || header === undefined) return true;
    const parsed = parseEventTokens(header);
    if (!parsed.ok) throw new ValidationError([{ field: `header ${HEADERS.after}`, rule: parsed.rule }]);
    const awaited = parsed.tokens.filter((token) => this.consumed.has(token.type));
    if (awaited.length === 0) return true;
    const missing = await this.waitFor(awaited, this.config.CONSISTENCY_WAIT_MS);
    if (missing.length === 0) return true;
    const pending = missing.map((token) => `${token.type}:${token.eventId}`);
    throw new NotYetConsistentError(
      `${this.identity.service} has not applied ${pending.length} of the events in ${HEADERS.after} yet (waited ${this.config.CONSISTENCY_WAIT_MS} ms): ` +
        `${pending.join(', ')}; send the same request again after Retry-After`,
      pending,
      CONSISTENCY_RETRY_AFTER_SECONDS,
    );
  }

  /** Looks at the inbox until every token is there or `waitMs` passed; returns those still missing. */
  private async waitFor(tokens: readonly EventToken[], waitMs: number): Promise<EventToken[]> {
    const deadline = Date.now() + waitMs;
    let missing = [...tokens];
    for (let interval = FIRST_LOOK_AFTER_MS; ; interval = Math.min(interval * 2, MAX_LOOK_INTERVAL_MS)) {
      const rows = await this.prisma.$queryRawUnsafe<{ event_id: string }[]>(
        `SELECT event_id::text AS event_id FROM ${this.inbox} WHERE consumer_group = $1 AND event_id = ANY($2::uuid[])`,
        this.groupId,
        missing.map((token) => token.eventId),
      );
      const applied = new Set(rows.map((row) => row.event_id));
      missing = missing.filter((token) => !applied.has(token.eventId));
      const left = deadline - Date.now();
      if (missing.length === 0 || left <= 0) return missing;
      await sleep(Math.min(interval, left));
    }
  }
}
