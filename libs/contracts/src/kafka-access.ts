// Who may do what on the broker, derived from the event catalogue: the Kafka ACLs of each service's
// principal (and of the operator's), for a topic prefix. A service writes only the topics of the
// events it produces (the audit topic for every service, since each records the commands it
// answered) and its own dead-letter topic; it reads only the topics of the events it consumes, in
// its own consumer group. devstack turns this plan into ACL bindings; docs/ARCHITECTURE.md shows it.
import { EVENT_DEFINITIONS, EVENTS, producersOf } from './catalogue';
import { EVENT_CONSUMERS } from './consumers';
import { SERVICE_NAMES, type ServiceName } from './services';
import {
  cliReaderGroupPrefix,
  CONSUMERS,
  consumerGroupId,
  deadLetterTopicName,
  redriveLogTopicName,
  topicName,
  topicNames,
  TOPICS,
  type ConsumerName,
  type TopicId,
} from './topics';

/** What one Kafka principal may do, by exact topic and group names (LITERAL ACLs). */
export interface KafkaAccessGrant {
  /** The principal's user name: the service's name, or `operator`. */
  principal: string;
  /** Topics it may write (and describe). */
  write: string[];
  /** Topics it may read (and describe). */
  read: string[];
  /** Consumer groups it may join. */
  groups: string[];
  /** Topics it may create. */
  create?: string[];
  /** Consumer-group name prefixes it may use and delete (PREFIXED ACLs). */
  groupPrefixes?: string[];
  /** Topics whose configuration it may change (the operator: ipledger topics repair). */
  alterConfigs?: string[];
}

/**
 * The principal of the CLI's operations commands (dlq list/show/redrive, stats rebuild, topics
 * check/repair).
 */
export const OPERATOR_PRINCIPAL = 'operator';

function isConsumer(service: ServiceName): service is ConsumerName {
  return (CONSUMERS as readonly string[]).includes(service);
}

/** The topics of the events `service` produces (catalogue producers), sorted. */
export function producedTopics(service: ServiceName): TopicId[] {
  const topics = EVENT_DEFINITIONS.filter((definition) => producersOf(definition).includes(service)).map((definition) => definition.topic);
  return [...new Set(topics)].sort();
}

/** The topics of the events `service` consumes (EVENT_CONSUMERS), sorted. */
export function consumedTopics(service: ServiceName): TopicId[] {
  if (!isConsumer(service)) return [];
  return [...new Set(EVENT_CONSUMERS[service].map((type) => EVENTS[type].topic))].sort();
}

/** One service's rights under `prefix`. */
export function serviceKafkaAccess(service: ServiceName, prefix = ''): KafkaAccessGrant {
  const consumer = isConsumer(service) ? service : undefined;
  return {
    principal: service,
    write: [
      ...producedTopics(service).map((topic) => topicName(topic, prefix)),
      ...(consumer === undefined ? [] : [deadLetterTopicName(consumer, prefix)]),
    ],
    read: consumedTopics(service).map((topic) => topicName(topic, prefix)),
    groups: consumer === undefined ? [] : [consumerGroupId(consumer, prefix)],
  };
}

/**
 * The operator's rights under `prefix`: read every event and dead-letter topic and the redrive log
 * (dlq list/show), write the event topics and the redrive log (dlq redrive republishes the
 * original, signed message: it cannot forge one, consumers check the producer's signature), create
 * the redrive log on deployments older than it, and use and rewind consumer groups of the prefix
 * (its own readers under cliReaderGroupPrefix; stats rebuild rewinds the statistics group), and change the configuration of
 * every topic (topics repair raises min.insync.replicas).
 *
 * Every principal may also read the configuration of the topics it uses and the cluster's defaults
 * (DESCRIBE_CONFIGS, added by devstack's aclEntries): the start-up replication check.
 */
export function operatorKafkaAccess(prefix = ''): KafkaAccessGrant {
  const eventTopics = (Object.keys(TOPICS) as TopicId[]).map((topic) => topicName(topic, prefix));
  const redriveLog = redriveLogTopicName(prefix);
  return {
    principal: OPERATOR_PRINCIPAL,
    write: [...eventTopics, redriveLog],
    read: [...topicNames(prefix), redriveLog],
    // Exactly the service groups of this deployment (stats rebuild rewinds one), and the CLI's
    // own short-lived readers by prefix: no group of another deployment whose prefix happens to
    // start with this one's group names.
    groups: CONSUMERS.map((consumer) => consumerGroupId(consumer, prefix)),
    create: [redriveLog],
    groupPrefixes: [cliReaderGroupPrefix(prefix)],
    alterConfigs: [...topicNames(prefix), redriveLog],
  };
}

/** Every principal's rights under `prefix`: the plan devstack and the tests' harness apply. */
export function kafkaAccessPlan(prefix = ''): KafkaAccessGrant[] {
  return [...SERVICE_NAMES.map((service) => serviceKafkaAccess(service, prefix)), operatorKafkaAccess(prefix)];
}
