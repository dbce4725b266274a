// Renders docs/events.md from the contracts themselves: the catalogue, the topics, the consumers
// map, the envelope and the dead-letter record. Field tables come from each zod schema's JSON
// Schema, so a changed rule changes the doc; events-doc.spec.ts fails when the file is stale.
import { z } from 'zod';
import { EVENT_DEFINITIONS, isEventType, producersOf, type EventDefinition } from '../catalogue';
import { SERVICE_NAMES } from '../services';
import { consumersOf, EVENT_CONSUMERS } from '../consumers';
import { DEAD_LETTER_REASONS, DeadLetterSchema } from '../dead-letter';
import { EventEnvelopeSchema } from '../envelope';
import { parseEvent } from '../event';
import { DivisionCode, ID_PREFIXES, idSchema, type IdKind, MoneyString, OrgId, RateString, Uscc } from '../primitives';
import { CONSUMERS, consumerGroupId, deadLetterTopicName, topicName, topicSpecs, TOPICS, type TopicId } from '../topics';

type JsonSchema = z.core.JSONSchema.JSONSchema;
type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** One row of a field table: a dotted path into the object, e.g. `ipItems[].ipType`. */
export interface FieldRow {
  path: string;
  type: string;
  presence: string;
  rule: string;
}

// ---------------------------------------------------------------------------------------------
// Walking a zod schema's JSON Schema into field rows
// ---------------------------------------------------------------------------------------------

function patternOf(schema: z.ZodType): string {
  const pattern = z.toJSONSchema(schema, { io: 'input' }).pattern;
  if (typeof pattern !== 'string') throw new Error('expected a schema with a pattern');
  return pattern;
}

const ID_NAMES: Readonly<Record<IdKind, string>> = {
  pledge: 'pledge',
  valuation: 'valuation',
  loan: 'loan',
  repayment: 'repayment',
  journalEntry: 'journal entry',
  policy: 'compensation policy',
  subsidyScheme: 'subsidy scheme',
  subsidyApplication: 'subsidy application',
  claim: 'compensation claim',
  fundContribution: 'fund contribution',
  shortfallSettlement: 'shortfall settlement',
  calendarYear: 'working-calendar year revision',
  audit: 'audit record',
  deal: 'deal',
};

/** Patterns of the shared primitives, named so the doc says "money" and not only a regex. */
const NAMED_PATTERNS: ReadonlyMap<string, string> = new Map<string, string>([
  [patternOf(MoneyString), 'yuan with exactly two decimals, e.g. `1000000.00`'],
  [patternOf(RateString), 'decimal fraction from 0 to 1 with at most 6 decimals, e.g. `0.0435` for 4.35 %'],
  [patternOf(OrgId), 'organisation id, 3-64 lower-case letters, digits or dashes, e.g. `bank-cq-rural`'],
  [patternOf(Uscc), 'Unified Social Credit Code (统一社会信用代码), 18 characters'],
  [patternOf(DivisionCode), '6-digit administrative division code (行政区划代码), e.g. `500112`'],
  ...(Object.keys(ID_PREFIXES) as IdKind[]).map((kind): [string, string] => [
    patternOf(idSchema(kind)),
    `${ID_NAMES[kind]} id: \`${ID_PREFIXES[kind]}_\` and a UUIDv7 as 32 hex digits`,
  ]),
]);

const FORMATS: Readonly<Record<string, string>> = {
  date: 'calendar date `YYYY-MM-DD` that exists',
  'date-time': 'ISO-8601 timestamp with `Z` or an offset, e.g. `2025-03-01T08:30:00.000Z`',
  uuid: 'UUID',
};

function asSchema(schema: boolean | JsonSchema | undefined, where: string): JsonSchema {
  if (schema === undefined || schema === true) return {};
  if (schema === false) throw new Error(`${where}: a schema that accepts nothing cannot be documented`);
  if (schema.$ref !== undefined) throw new Error(`${where}: $ref is not supported; inline the schema`);
  return schema;
}

function isNullSchema(schema: JsonSchema): boolean {
  return schema.type === 'null';
}

/** Splits `X | null` (either `anyOf` form or `type: [X, "null"]`) into X and a nullable flag. */
function unwrapNullable(schema: JsonSchema): { inner: JsonSchema; nullable: boolean } {
  if (schema.anyOf !== undefined && schema.anyOf.some(isNullSchema)) {
    const others = schema.anyOf.filter((option) => !isNullSchema(option));
    const inner = others.length === 1 ? others[0] : { anyOf: others };
    return { inner: inner ?? {}, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = schema.type.filter((type) => type !== 'null');
    return { inner: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { inner: schema, nullable: false };
}

/** A union of constants of one type (z.union of z.literal) reads as that type, "one of" them. */
function asEnum(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf;
  if (options === undefined || options.length === 0 || !options.every((option) => option.const !== undefined)) return schema;
  const types = new Set(options.map((option) => option.type ?? typeof option.const));
  if (types.size !== 1) return schema;
  const { anyOf: _options, ...rest } = schema;
  return { ...rest, type: [...types][0] as JsonSchema['type'], enum: options.map((option) => option.const ?? null) };
}

function typeLabel(given: JsonSchema, where: string): string {
  const schema = asEnum(given);
  if (schema.anyOf !== undefined) return schema.anyOf.map((option) => typeLabel(option, where)).join(' or ');
  if (schema.type === undefined) return schema.const !== undefined ? typeof schema.const : 'any JSON';
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  if (schema.type === 'array') {
    if (Array.isArray(schema.items)) throw new Error(`${where}: tuples are not supported`);
    return `array of ${typeLabel(asSchema(schema.items, `${where}[]`), `${where}[]`)}`;
  }
  if (schema.type === 'object' && schema.properties === undefined && typeof schema.additionalProperties === 'object') {
    return `map of string to ${typeLabel(asSchema(schema.additionalProperties, where), where)}`;
  }
  return schema.type;
}

function code(value: string | number | boolean | null): string {
  return `\`${String(value)}\``;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function rangeRule(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? plural(min, unit) : `${min}-${max} ${unit}s`;
  if (min !== undefined) return `at least ${plural(min, unit)}`;
  if (max !== undefined) return `at most ${plural(max, unit)}`;
  return undefined;
}

function numberBound(value: number | boolean | undefined): number | undefined {
  if (typeof value !== 'number' || Math.abs(value) >= Number.MAX_SAFE_INTEGER) return undefined;
  return value;
}

function ruleParts(given: JsonSchema, where: string): string[] {
  const schema = asEnum(given);
  const parts: string[] = [];
  if (schema.anyOf !== undefined) {
    parts.push(schema.anyOf.map((option) => ruleParts(option, where).join('; ') || typeLabel(option, where)).join(', or '));
  }
  if (schema.const !== undefined) parts.push(`always ${code(schema.const)}`);
  if (schema.enum !== undefined) {
    parts.push(schema.enum.length === 1 ? `always ${code(schema.enum[0] ?? null)}` : `one of ${schema.enum.map(code).join(', ')}`);
  }
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (schema.format !== undefined) parts.push(format ?? `format ${code(schema.format)}`);
  // A known format's generated pattern only restates the format; any other pattern is the rule.
  if (schema.pattern !== undefined && format === undefined) {
    const name = NAMED_PATTERNS.get(schema.pattern);
    parts.push(name === undefined ? `pattern ${code(schema.pattern)}` : `${name} (${code(schema.pattern)})`);
  }
  const length = rangeRule(schema.minLength, schema.maxLength, 'character');
  if (length !== undefined) parts.push(length);
  const minimum = numberBound(schema.minimum);
  const maximum = numberBound(schema.maximum);
  if (minimum !== undefined && maximum !== undefined) parts.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) parts.push(`≥ ${minimum}`);
  else if (maximum !== undefined) parts.push(`≤ ${maximum}`);
  const exclusiveMinimum = numberBound(schema.exclusiveMinimum);
  const exclusiveMaximum = numberBound(schema.exclusiveMaximum);
  if (exclusiveMinimum !== undefined) parts.push(`> ${exclusiveMinimum}`);
  if (exclusiveMaximum !== undefined) parts.push(`< ${exclusiveMaximum}`);
  if (schema.multipleOf !== undefined) parts.push(`a multiple of ${schema.multipleOf}`);
  if (schema.type === 'array') {
    const items = rangeRule(schema.minItems, schema.maxItems, 'item');
    if (items !== undefined) parts.push(items);
    const itemSchema = asSchema(schema.items === undefined || Array.isArray(schema.items) ? undefined : schema.items, where);
    if (itemSchema.type === 'object' && itemSchema.properties !== undefined) {
      parts.push(`each item has the fields \`${where}[].…\` below`);
    } else {
      const itemRule = ruleParts(itemSchema, `${where}[]`).join('; ');
      if (itemRule !== '') parts.push(`each ${itemRule}`);
    }
  }
  if (schema.type === 'object' && schema.properties !== undefined) parts.push(`the fields \`${where}.…\` below`);
  return parts;
}

function presence(required: boolean, nullable: boolean): string {
  return `${required ? 'required' : 'optional'}${nullable ? ', nullable' : ''}`;
}

function fieldRowsOf(schema: JsonSchema, prefix: string): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    return fieldRowsOfField(path, asSchema(property, path), required.has(name));
  });
}

function fieldRowsOfField(path: string, schema: JsonSchema, required: boolean): FieldRow[] {
  const { inner, nullable } = unwrapNullable(schema);
  const row: FieldRow = {
    path,
    type: typeLabel(inner, path),
    presence: presence(required, nullable),
    rule: ruleParts(inner, path).join('; ') || '—',
  };
  return [row, ...nestedRows(path, inner)];
}

function nestedRows(path: string, schema: JsonSchema): FieldRow[] {
  if (schema.type === 'object' && schema.properties !== undefined) return fieldRowsOf(schema, path);
  if (schema.type === 'array' && schema.items !== undefined && !Array.isArray(schema.items)) {
    const items = unwrapNullable(asSchema(schema.items, `${path}[]`)).inner;
    return nestedRows(`${path}[]`, items);
  }
  return [];
}

/** The documented fields of an object schema, nested objects and arrays as dotted paths. */
export function fieldRows(schema: z.ZodObject): FieldRow[] {
  // `input`: what a consumer accepts. Unknown fields are stripped, not rejected (see Versioning).
  return fieldRowsOf(z.toJSONSchema(schema, { io: 'input' }), '');
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers
// ---------------------------------------------------------------------------------------------

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** The anchor GitHub gives a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '—' : items.join(', ');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function eventHeading(definition: EventDefinition): string {
  return `${definition.type} v${definition.version}`;
}

function eventLink(definition: EventDefinition): string {
  return `[${definition.type}](#${anchor(eventHeading(definition))})`;
}

// ---------------------------------------------------------------------------------------------
// Prose that the schemas cannot say: what each envelope and dead-letter field means
// ---------------------------------------------------------------------------------------------

const ENVELOPE_MEANINGS: Readonly<Record<string, string>> = {
  eventId:
    'Unique id of this event: a UUIDv7 (time-ordered) that the producer’s outbox assigns. Consumers are idempotent by it: a redelivered event changes nothing.',
  type: 'Event type, a past-tense fact such as `LoanDisbursed`. With `version` it selects the payload schema.',
  version: 'Version of this type’s payload schema (see Versioning). The topic name’s `.v1` is the topic’s version, not the event’s.',
  occurredAt: 'When the fact happened, as the producer recorded it. Producers write UTC (`…Z`).',
  key: 'The aggregate id (pledge id, loan id, journal entry id): the value of the payload’s key field, and the Kafka message key, so one aggregate’s events stay in order on one partition.',
  correlationId:
    'Follows one business request through every event it causes, across services (the HTTP `x-correlation-id`). Copied unchanged from cause to effect.',
  causationId: 'The `eventId` of the event (or the id of the request) that directly caused this one; `null` when none is recorded.',
  producer:
    'The service that wrote the event. It must be the catalogue’s producer for the type (one of them, for an event every service writes).',
  actor: 'Who made the change that led to this event.',
  'actor.orgId': 'The acting organisation (from the bearer token).',
  'actor.role': 'The role it acted in (from the bearer token).',
  'actor.userId': 'The acting user or machine client (the token’s subject), or `null` when a service acts on an event.',
  payload: 'The event’s data. Its schema is the one of (`type`, `version`) in the catalogue below.',
};

const DEAD_LETTER_MEANINGS: Readonly<Record<string, string>> = {
  consumerGroup: 'The consumer group that gave up on the message.',
  sourceTopic: 'The topic the message was read from.',
  sourcePartition: 'Its partition.',
  sourceOffset: 'Its offset, as a decimal string (Kafka offsets are 64-bit).',
  originalKey: 'The message key exactly as received (`null` if it had none). The dead letter’s own Kafka key is the same key.',
  originalValue:
    'The message value exactly as received, as text: not re-serialised, so a malformed message can be inspected and replayed as it was.',
  originalHeaders: 'The message headers, as text.',
  reason: 'Why it was rejected: one of the reasons below.',
  error:
    'A message a developer can act on, e.g. `requestedLoanAmount: must be a yuan amount with exactly two decimals, e.g. "1000000.00"`.',
  attempts: 'How many times the handler ran: 0 for a message rejected before any handler ran.',
  failedAt: 'When the message was dead-lettered.',
};

const REASON_MEANINGS: Readonly<Record<DeadLetterReason, { when: string; retried: string }>> = {
  'malformed-json': { when: 'The message value is not JSON at all.', retried: 'no' },
  'invalid-envelope': {
    when: 'The JSON is not an envelope: a field is missing or breaks its rule (no `eventId`, `occurredAt` not a timestamp, an unknown `producer` …).',
    retried: 'no',
  },
  'unknown-event': {
    when: '(`type`, `version`) is not in the catalogue: an unknown type, or a version this build cannot read (a newer producer, or an old version that was retired).',
    retried: 'no',
  },
  'invalid-payload': {
    when: 'The payload breaks the schema of its (`type`, `version`); `error` names each broken field and rule, e.g. an amount sent as the number `1000`.',
    retried: 'no',
  },
  'key-mismatch': {
    when: 'The envelope’s `key` differs from the payload’s key field, so the event may sit on the wrong partition and be read out of order.',
    retried: 'no',
  },
  'wrong-producer': {
    when: 'The envelope’s `producer` is not (one of) the catalogue’s producer(s) of that type: only the owner of a fact may state it.',
    retried: 'no',
  },
  unsigned: {
    when: 'The message carries no `ipledger-signature` / `ipledger-key-id` header: every event must be signed by the service that produced it (Ed25519 over the message value, or over the root of the batch it was sent in, with its path to that root in `ipledger-batch-proof`).',
    retried: 'no',
  },
  'bad-signature': {
    when: 'The signature is not valid for the message value under a key of the producer the envelope names (a forged or altered event, or a key the consumers were not given).',
    retried: 'no',
  },
  'handler-failed': {
    when: 'The message was valid but the consuming service’s handler threw on every attempt; `error` is the last error and `attempts` the number of tries.',
    retried: 'yes, a bounded number of times with exponential backoff, then dead-lettered',
  },
};

function meaningOf(meanings: Readonly<Record<string, string>>, path: string, what: string): string {
  const meaning = meanings[path];
  if (meaning === undefined) throw new Error(`render-events-doc: no meaning written for ${what} field ${path}`);
  return meaning;
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/** A worked example; rendering checks that it parses, so the doc never shows an invalid event. */
const EXAMPLE_ENVELOPE = {
  eventId: '0195a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  type: 'LoanRepaid',
  version: 1,
  occurredAt: '2025-03-01T08:30:00.000Z',
  key: 'ln_0195a1b2c3d47e5f8a6b7c8d9e0f1a2b',
  correlationId: 'req-6f1c2a9e',
  causationId: null,
  producer: 'lending',
  actor: { orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' },
  payload: {
    loanId: 'ln_0195a1b2c3d47e5f8a6b7c8d9e0f1a2b',
    repaymentId: 'rp_0195a1b2c3d47e5f8a6b7c8d9e0f1a2c',
    bankOrgId: 'bank-cq-rural',
    principalAmount: '100000.00',
    interestAmount: '3625.00',
    repaidOn: '2025-03-01',
    outstandingPrincipal: '900000.00',
  },
} as const;

function exampleJson(): string {
  const json = JSON.stringify(EXAMPLE_ENVELOPE, null, 2);
  const parsed = parseEvent(json);
  if (!parsed.ok) throw new Error(`render-events-doc: the example envelope is invalid (${parsed.reason}: ${parsed.message})`);
  return json;
}

function introSection(): string {
  return [
    '# iPledger events',
    '',
    '<!-- Generated by `npm run docs:events` from libs/contracts/src (catalogue.ts, consumers.ts, topics.ts, envelope.ts, dead-letter.ts). Do not edit by hand: libs/contracts/src/docs/events-doc.spec.ts fails when this file differs. -->',
    '',
    'The services of iPledger tell each other what happened through events on Apache Kafka. Each',
    'event is a past-tense fact (`PledgeRegistered`, `LoanDisbursed`) stated by the one service that',
    'owns it, written in the same database transaction as the change it reports (transactional outbox)',
    'and delivered at least once. Consumers handle each event exactly once by its `eventId` and send',
    'anything they cannot read to their dead-letter topic. This page is the catalogue: the envelope,',
    'the topics, the dead letters and every event’s payload. The source of truth is',
    '`libs/contracts/src` (zod schemas); every consumer parses messages with `parseEvent`.',
    '',
    '- [The envelope](#the-envelope)',
    '- [Conventions](#conventions)',
    '- [Topics](#topics)',
    '- [Dead letters](#dead-letters)',
    `- [Events](#events): ${EVENT_DEFINITIONS.map(eventLink).join(', ')}`,
  ].join('\n');
}

function envelopeSection(): string {
  const rows = fieldRows(EventEnvelopeSchema).map((row) => [
    `\`${row.path}\``,
    row.type,
    row.presence,
    row.rule,
    meaningOf(ENVELOPE_MEANINGS, row.path, 'envelope'),
  ]);
  return [
    '## The envelope',
    '',
    'Every message on every event topic is one JSON object, the envelope: the same fields for every',
    'event, and the event’s own data in `payload`. The Kafka message key is the envelope’s `key`,',
    'the id of the aggregate (pledge, loan, …) the event is about.',
    '',
    table(['field', 'type', 'presence', 'rule', 'meaning'], rows),
    '',
    'A consumer accepts a message only if it is JSON, it is a valid envelope, (`type`, `version`) is in',
    'the catalogue, `producer` is the catalogue’s producer of the type, the payload passes the',
    'schema of (`type`, `version`) and `key` equals the payload’s key field. Anything else goes to',
    'the consumer’s dead-letter topic with the reason (see [Dead letters](#dead-letters)).',
    '',
    'An example, `LoanRepaid` version 1:',
    '',
    '```json',
    exampleJson(),
    '```',
  ].join('\n');
}

function conventionsSection(): string {
  return [
    '## Conventions',
    '',
    '- **Money** is a JSON string of yuan with exactly two decimals (fen), e.g. `"1000000.00"`; never a',
    '  JSON number, never one or three decimals. `1000` (a number) and `"1000.5"` are both rejected.',
    '- **Rates** are JSON strings holding a decimal fraction, e.g. `"0.0435"` for 4.35 % a year.',
    '- **Dates** are `YYYY-MM-DD` calendar dates (`"2025-03-01"`); **timestamps** are ISO-8601 with',
    '  `Z` or an offset (`"2025-03-01T08:30:00.000Z"`).',
    '- **Ids** are readable prefixed ids over UUIDv7: `pl_…` pledge, `val_…` valuation, `ln_…` loan,',
    '  `rp_…` repayment, `je_…` journal entry, each followed by 32 lower-case hex digits.',
    '  Organisations are slugs such as `bank-cq-rural`.',
    '- The schemas check **structure**. Semantic checks (the USCC check character, patent check',
    '  digits, division-code tables, date order) are made by the producing service before it emits.',
    '',
    '### Versioning',
    '',
    'Every event type has a version, and consumers pick the payload schema by (`type`, `version`).',
    'Consumers ignore payload fields they do not know, so adding an **optional** field is not a',
    'breaking change. Anything else is: removing or renaming a field, changing its type or rule,',
    'adding a required field or making an optional one required. A breaking change is a **new',
    'version** of the event, added to the catalogue next to the old one; **both stay readable**',
    'until no producer writes the old one and no topic history that matters holds it. A consumer',
    'that meets a version it cannot read dead-letters it as `unknown-event` rather than guess.',
    '',
    '### Topic prefixes',
    '',
    'Every topic name (and consumer group id) may carry a prefix per deployment or per test run',
    '(`KAFKA_TOPIC_PREFIX`, e.g. `t1234.ipledger.pledge.v1`), so that several deployments or test',
    'files share one broker without sharing topics. The names below are without prefix.',
  ].join('\n');
}

function topicsSection(): string {
  const partitions = new Map(topicSpecs().map((spec) => [spec.name, spec.partitions]));
  const rows = (Object.keys(TOPICS) as TopicId[]).map((id) => {
    const events = EVENT_DEFINITIONS.filter((definition) => definition.topic === id);
    const keys = unique(events.map((definition) => `\`${definition.keyField}\``));
    const producers = unique(events.flatMap((definition) => producerNames(definition)));
    const consumers = CONSUMERS.flatMap((consumer) => {
      const consumed = events.filter((definition) => (EVENT_CONSUMERS[consumer] as readonly string[]).includes(definition.type));
      return consumed.length === 0 ? [] : [`${consumer} (${unique(consumed.map((definition) => definition.type)).join(', ')})`];
    });
    return [
      `\`${topicName(id)}\``,
      String(partitions.get(topicName(id)) ?? TOPICS[id].partitions),
      list(keys),
      list(producers),
      list(consumers),
      `${TOPICS[id].description} Events: ${list(unique(events.map(eventLink)))}.`,
    ];
  });
  return [
    '## Topics',
    '',
    'One topic per aggregate stream, keyed by the aggregate id so that one pledge’s or one loan’s',
    'events stay in order. Event topics keep their messages forever: they are the system’s history,',
    'and a read model can be rebuilt from them. A consumer reads every event on the topics it',
    'subscribes to, validates each one, and handles the types listed for it.',
    '',
    table(['topic', 'partitions', 'key', 'producer', 'consumers (events handled)', 'description'], rows),
  ].join('\n');
}

function deadLetterSection(): string {
  const partitions = new Map(topicSpecs().map((spec) => [spec.name, spec.partitions]));
  const topicRows = CONSUMERS.map((consumer) => [
    `\`${deadLetterTopicName(consumer)}\``,
    String(partitions.get(deadLetterTopicName(consumer)) ?? 1),
    consumer,
    `\`${consumerGroupId(consumer)}\``,
    list(EVENT_CONSUMERS[consumer].map((type) => `${type}`)),
  ]);
  const recordRows = fieldRows(DeadLetterSchema).map((row) => [
    `\`${row.path}\``,
    row.type,
    row.presence,
    row.rule,
    meaningOf(DEAD_LETTER_MEANINGS, row.path, 'dead-letter'),
  ]);
  const reasonRows = DEAD_LETTER_REASONS.map((reason) => [`\`${reason}\``, REASON_MEANINGS[reason].when, REASON_MEANINGS[reason].retried]);
  return [
    '## Dead letters',
    '',
    'Each consuming service has one dead-letter topic, `ipledger.dlq.<service>`. A message it cannot',
    'accept, or whose handler keeps failing, is written there and the consumer moves on: a poison',
    'message never blocks its partition. The original message is kept **verbatim** (key, value and',
    'headers exactly as received), so it can be inspected and, once the cause is fixed, replayed to',
    'its source topic unchanged.',
    '',
    table(['dead-letter topic', 'partitions', 'service', 'consumer group', 'handles'], topicRows),
    '',
    '### The dead-letter record',
    '',
    'Each dead-letter message’s value is this JSON object (`DeadLetterSchema`); its key is the',
    'original key, and its headers `dead-letter-reason` and `consumer-group` repeat the reason and group.',
    '',
    table(['field', 'type', 'presence', 'rule', 'meaning'], recordRows),
    '',
    '### Reasons',
    '',
    table(['reason', 'when', 'retried first'], reasonRows),
  ].join('\n');
}

/** One owner, or every service: the audit trail is written by each service that answers requests. */
function producerNames(definition: EventDefinition): string[] {
  const producers = producersOf(definition);
  return producers.length === SERVICE_NAMES.length && SERVICE_NAMES.every((name) => producers.includes(name))
    ? ['every service']
    : [...producers];
}

function eventSection(definition: EventDefinition): string {
  const consumers = isEventType(definition.type) ? consumersOf(definition.type) : [];
  const facts = [
    ['type', `\`${definition.type}\``],
    ['version', String(definition.version)],
    ['topic', `\`${topicName(definition.topic)}\``],
    ['key', `\`payload.${definition.keyField}\` (envelope \`key\` and Kafka message key)`],
    ['producer', list(producerNames(definition))],
    ['consumers', list(consumers)],
  ];
  const rows = fieldRows(definition.payload).map((row) => [`\`${row.path}\``, row.type, row.presence, row.rule]);
  return [
    `### ${eventHeading(definition)}`,
    '',
    definition.description,
    '',
    table(['property', 'value'], facts),
    '',
    'Payload:',
    '',
    table(['field', 'type', 'presence', 'rule'], rows),
  ].join('\n');
}

function eventsSection(): string {
  return [
    '## Events',
    '',
    'Every readable (type, version), in catalogue order. Field paths use `.` for nested objects and',
    '`[]` for the items of an array (`ipItems[].ipType`).',
    '',
    EVENT_DEFINITIONS.map(eventSection).join('\n\n'),
  ].join('\n');
}

/** The whole of docs/events.md. */
export function renderEventsDoc(): string {
  const sections = [introSection(), envelopeSection(), conventionsSection(), topicsSection(), deadLetterSection(), eventsSection()];
  return `${sections.join('\n\n')}\n`;
}
