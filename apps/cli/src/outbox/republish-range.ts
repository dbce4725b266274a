// What `ipledger outbox republish` selects: which services' outboxes, which rows (from/to as a time
// or an outbox position, optionally some topics), and the SQL condition that picks them. Pure: no
// database, no broker.
import { SERVICE_NAMES, TOPICS, topicName, type ServiceName, type TopicId } from '@ipledger/contracts';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors';

/** A bound of the range: a moment (the rows' created_at) or an outbox position (the rows' id). */
export type RangeBound = { kind: 'time'; at: Date } | { kind: 'position'; id: bigint };

export interface RepublishSelection {
  services: readonly ServiceName[];
  /** Inclusive. */
  from: RangeBound;
  /** Exclusive; none: up to the newest row. */
  to?: RangeBound;
  /** Topic names as on the broker (with the deployment's prefix); empty: every topic. */
  topics: readonly string[];
}

export interface RepublishOptions {
  service: string;
  from: RangeBound;
  to?: RangeBound;
  topic?: readonly string[];
}

// An ISO 8601 time with a date, a time and a zone (Z or ±hh:mm): a bare date or local time would
// depend on where the command runs.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** --from / --to: an ISO time with its zone (2026-12-06T08:00:00Z) or an outbox position (a positive integer). */
export function parseRangeBound(value: string): RangeBound {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const id = BigInt(text);
    if (id < 1n || id > 9223372036854775807n) throw new InvalidArgumentError('an outbox position must be from 1 to 9223372036854775807');
    return { kind: 'position', id };
  }
  if (ISO_TIME.test(text) && !Number.isNaN(Date.parse(text))) return { kind: 'time', at: new Date(text) };
  throw new InvalidArgumentError(
    'must be an ISO time with its zone (e.g. 2026-12-06T08:00:00Z or 2026-12-06T16:00:00+08:00) or an outbox position (e.g. 1042)',
  );
}

export const SERVICE_CHOICES = [...SERVICE_NAMES, 'all'] as const;

/** The PostgreSQL schema of a service's tables, its outbox among them (prisma/services.json). */
export function outboxSchema(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

export function describeBound(bound: RangeBound): string {
  return bound.kind === 'time' ? bound.at.toISOString() : `position ${bound.id}`;
}

/** The options checked together: positions belong to one service's outbox; the range is not empty; topics exist. */
export function republishSelection(options: RepublishOptions, prefix: string): RepublishSelection {
  const all = options.service === 'all';
  if (!all && !(SERVICE_NAMES as readonly string[]).includes(options.service)) {
    throw new UsageError(`--service must be one of ${SERVICE_CHOICES.join(', ')}, not ${options.service}`);
  }
  const services = all ? SERVICE_NAMES : [options.service as ServiceName];
  for (const [name, bound] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (all && bound?.kind === 'position') {
      throw new UsageError(`${name}: an outbox position belongs to one service's outbox; with --service all give a time`);
    }
  }
  const { from, to } = options;
  if (to !== undefined && from.kind === to.kind) {
    const empty = from.kind === 'time' ? to.kind === 'time' && to.at <= from.at : to.kind === 'position' && to.id <= from.id;
    if (empty) throw new UsageError(`--to (${describeBound(to)}) must come after --from (${describeBound(from)}): the range is empty`);
  }
  const known = (Object.keys(TOPICS) as TopicId[]).map((id) => topicName(id, prefix));
  const topics = [...new Set(options.topic ?? [])];
  for (const topic of topics) {
    if (!known.includes(topic)) throw new UsageError(`--topic ${topic} is not an event topic of this deployment (${known.join(', ')})`);
  }
  return { services, from, to, topics };
}

export interface RangeCondition {
  /** SQL over the outbox's columns; $1… are `params`. */
  sql: string;
  params: unknown[];
}

/**
 * The rows a republish selects: published already (unpublished rows go out anyway), within the
 * range and of the topics. Parameters start at $`first`.
 */
export function rangeCondition(selection: RepublishSelection, first = 1): RangeCondition {
  const parts = ['published_at IS NOT NULL'];
  const params: unknown[] = [];
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${first + params.length - 1}::${cast}`;
  };
  const bound = (value: RangeBound, op: '>=' | '<') =>
    value.kind === 'time'
      ? `created_at ${op} ${param(value.at.toISOString(), 'timestamptz')}`
      : `id ${op} ${param(value.id.toString(), 'bigint')}`;
  parts.push(bound(selection.from, '>='));
  if (selection.to !== undefined) parts.push(bound(selection.to, '<'));
  if (selection.topics.length > 0) parts.push(`topic = ANY(${param(selection.topics, 'text[]')})`);
  return { sql: parts.join(' AND '), params };
}
