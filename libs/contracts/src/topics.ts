// Kafka topics. One topic per aggregate stream, keyed by the aggregate id so one pledge's or
// loan's events stay in order; one dead-letter topic per consuming service. A deployment (or a
// test run) may prefix every name to share a broker without sharing topics.
import type { ServiceName } from './services';

export const TOPICS = {
  pledge: { name: 'ipledger.pledge.v1', partitions: 3, description: 'Pledge applications: submitted, registered, released, disposed.' },
  valuation: { name: 'ipledger.valuation.v1', partitions: 3, description: 'Appraisals of pledged IP, keyed by pledge id.' },
  loan: { name: 'ipledger.loan.v1', partitions: 3, description: 'Pledge loans: disbursed, repaid, overdue, defaulted, closed.' },
  ledger: { name: 'ipledger.ledger.v1', partitions: 3, description: 'Journal entries posted by the ledger, for read models.' },
  policy: {
    name: 'ipledger.policy.v1',
    partitions: 3,
    description: 'Compensation policy versions published by the bureau, keyed by policy id.',
  },
  compensation: {
    name: 'ipledger.compensation.v1',
    partitions: 3,
    description: 'Fund budgets, claim decisions, payouts and recoveries, keyed by fund id so one fund’s money moves in order.',
  },
  subsidy: {
    name: 'ipledger.subsidy.v1',
    partitions: 3,
    description:
      'Subsidy scheme versions published, decisions on subsidy applications and payouts to borrowers, keyed by the scheme’s series id so one scheme’s budget moves in order.',
  },
  calendar: {
    name: 'ipledger.calendar.v1',
    // One partition: a year's revisions reach every consumer in publication order.
    partitions: 1,
    description: 'The PRC working-day calendar as the bureau maintains it: each published revision of a year, keyed by revision id.',
  },
  deal: {
    name: 'ipledger.deal.v1',
    partitions: 3,
    description: 'Licensing, transfer and capital-contribution deals recorded by the bureau, and their reversals, keyed by deal id.',
  },
  audit: {
    name: 'ipledger.audit.v1',
    partitions: 3,
    description:
      'The audit trail: one record per command (allowed or refused) and per denied request, written by the service that answered it.',
  },
} as const;
export type TopicId = keyof typeof TOPICS;

/** Services that consume events, each with one consumer group and one dead-letter topic. */
export const CONSUMERS = [
  'pledge-registration',
  'valuation',
  'lending',
  'ledger',
  'risk-compensation',
  'audit',
  'statistics',
] as const satisfies readonly ServiceName[];
export type ConsumerName = (typeof CONSUMERS)[number];

export function topicName(topic: TopicId, prefix = ''): string {
  return `${prefix}${TOPICS[topic].name}`;
}

export function consumerGroupId(consumer: ConsumerName, prefix = ''): string {
  return `${prefix}ipledger.${consumer}`;
}

/** The consumer groups of the CLI's one-off topic readers (dlq list/show) start with this. */
export function cliReaderGroupPrefix(prefix = ''): string {
  return `${prefix}ipledger-cli.reader.`;
}

export function deadLetterTopicName(consumer: ConsumerName, prefix = ''): string {
  return `${prefix}ipledger.dlq.${consumer}`;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

/**
 * The log of dead-letter redrives (`ipledger dlq redrive`): one record per redriven dead letter,
 * keyed by its id, so a second redrive of the same dead letter is skipped.
 */
export function redriveLogTopicName(prefix = ''): string {
  return `${prefix}ipledger.dlq.redrives`;
}

/** The catalogue's topics for a prefix: event topics and dead-letter topics. */
function catalogueTopicSpecs(prefix: string): TopicSpec[] {
  const events = (Object.keys(TOPICS) as TopicId[]).map((id) => ({ name: topicName(id, prefix), partitions: TOPICS[id].partitions }));
  const deadLetters = CONSUMERS.map((consumer) => ({ name: deadLetterTopicName(consumer, prefix), partitions: 1 }));
  return [...events, ...deadLetters];
}

/** Every topic the system needs, for a prefix: event topics, dead-letter topics and the redrive log. */
export function topicSpecs(prefix = ''): TopicSpec[] {
  return [...catalogueTopicSpecs(prefix), { name: redriveLogTopicName(prefix), partitions: 1 }];
}

/** The event topics and dead-letter topics (the catalogue's; without the redrive log). */
export function topicNames(prefix = ''): string[] {
  return catalogueTopicSpecs(prefix).map((spec) => spec.name);
}
