// ipledger topics check | repair: does every topic the system uses have the replicas and the
// min.insync.replicas the target asks (KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS, else
// the cluster's defaults, at least 3 and 2 on three or more brokers), and raise them. min ISR is a
// topic configuration the operator principal may change; more replicas need a partition
// reassignment, which repair writes as a plan for kafka-reassign-partitions.sh and does not run.
import { topicSpecs } from '@ipledger/contracts';
import {
  checkTopicReplication,
  raiseMinInsyncReplicas,
  ReplicationConfigError,
  replicationSettingsFromEnv,
  type ReplicationReport,
  type ReplicationSettings,
  type TopicAssessment,
} from '@ipledger/messaging';
import type { Admin } from 'kafkajs';
import { CliError, EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { kafkaConnection, reachKafka, type KafkaConnection, type KafkaOptions } from '../kafka';
import { renderTable } from '../render';
import { checkSummary, checkTable } from '../topics/check-table';
import { reassignmentCommands, ReassignmentImpossible, reassignmentPlan, type PartitionAssignment } from '../topics/reassignment-plan';

export interface TopicsRepairOptions extends KafkaOptions {
  planFile: string;
  dryRun?: boolean;
}

function settingsOf(io: Io): ReplicationSettings {
  try {
    return replicationSettingsFromEnv(io.env);
  } catch (error) {
    if (error instanceof ReplicationConfigError) throw new UsageError(error.message);
    throw error;
  }
}

async function withAdmin<T>(connection: KafkaConnection, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = connection.kafka.admin();
  await reachKafka(connection, () => admin.connect());
  try {
    return await reachKafka(connection, () => use(admin));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const systemTopics = (prefix: string) => topicSpecs(prefix).map((spec) => spec.name);

function inspect(connection: KafkaConnection, admin: Admin, settings: ReplicationSettings): Promise<ReplicationReport> {
  return checkTopicReplication(admin, systemTopics(connection.prefix), settings).catch((error: unknown) => {
    if (error instanceof ReplicationConfigError) throw new UsageError(error.message);
    throw error;
  });
}

function printReport(report: ReplicationReport, io: Io): void {
  io.stdout.write(renderTable(checkTable(report.topics, report.target)));
  for (const assessment of report.topics.filter((topic) => topic.findings.length > 0)) {
    io.stderr.write(`${assessment.topic.name}: ${assessment.findings.join('; ')}\n`);
  }
  io.stderr.write(`${checkSummary(report.topics, report.target, report.cluster.brokerCount)}\n`);
}

export async function topicsCheckCommand(options: KafkaOptions, io: Io): Promise<void> {
  const settings = settingsOf(io);
  const connection = kafkaConnection(options, io);
  const report = await withAdmin(connection, (admin) => inspect(connection, admin, settings));
  printReport(report, io);
  if (report.topics.some((topic) => topic.status !== 'OK'))
    throw new CliError('some topics are below the replication target or missing', EXIT.verification);
}

/** Topics whose min ISR can be raised now: not above the replicas they have (else every acks=all write would fail). */
function raisableMinInsync(topics: readonly TopicAssessment[], minInsyncReplicas: number): { now: string[]; later: string[] } {
  const low = topics.filter((topic) => topic.status === 'LOW' && topic.minInsyncLow);
  return {
    now: low.filter((topic) => topic.topic.replicas >= minInsyncReplicas).map((topic) => topic.topic.name),
    later: low.filter((topic) => topic.topic.replicas < minInsyncReplicas).map((topic) => topic.topic.name),
  };
}

function assignments(topics: readonly TopicAssessment[]): PartitionAssignment[] {
  return topics
    .filter((topic) => topic.replicasLow)
    .flatMap((topic) =>
      (topic.topic.assignment ?? []).map((partition) => ({
        topic: topic.topic.name,
        partition: partition.partition,
        replicas: partition.replicas,
      })),
    );
}

export async function topicsRepairCommand(options: TopicsRepairOptions, io: Io): Promise<void> {
  const settings = settingsOf(io);
  const connection = kafkaConnection(options, io);
  const outcome = await withAdmin(connection, async (admin) => {
    const report = await inspect(connection, admin, settings);
    const { target } = report;
    const minInsync = raisableMinInsync(report.topics, target.minInsyncReplicas);
    if (minInsync.now.length > 0) {
      if (options.dryRun) io.stdout.write(`would raise min.insync.replicas to ${target.minInsyncReplicas}: ${minInsync.now.join(', ')}\n`);
      else {
        await raiseMinInsyncReplicas(admin, minInsync.now, target.minInsyncReplicas);
        io.stdout.write(`raised min.insync.replicas to ${target.minInsyncReplicas}: ${minInsync.now.join(', ')}\n`);
      }
    }
    if (minInsync.later.length > 0) {
      io.stdout.write(
        `min.insync.replicas left as is until they have ${target.minInsyncReplicas} replicas (run repair again after the reassignment): ${minInsync.later.join(', ')}\n`,
      );
    }
    const missing = report.topics.filter((topic) => topic.status === 'MISSING').map((topic) => topic.topic.name);
    if (missing.length > 0) io.stdout.write(`missing (created by the deployment's topic setup, e.g. npm start): ${missing.join(', ')}\n`);
    return { report, minInsync, missing };
  });

  const { report, minInsync, missing } = outcome;
  const partitions = assignments(report.topics);
  let reassignmentPending = false;
  if (partitions.length > 0) {
    let plan;
    try {
      plan = reassignmentPlan(partitions, report.cluster.brokerIds ?? [], report.target.replicationFactor);
    } catch (error) {
      if (error instanceof ReassignmentImpossible) throw new CliError(`cannot raise the replicas: ${error.message}`, EXIT.failure);
      throw error;
    }
    io.writeFile(options.planFile, `${JSON.stringify(plan, null, 2)}\n`);
    const topics = [...new Set(plan.partitions.map((partition) => partition.topic))];
    io.stdout.write(
      [
        `${topics.length} topic(s) have fewer than ${report.target.replicationFactor} replicas: ${topics.join(', ')}.`,
        `Raising replicas is a partition reassignment, which this command does not run. The plan (${plan.partitions.length} partitions) is in ${options.planFile}; with Kafka's tools and an admin principal's client properties:`,
        ...reassignmentCommands(connection.brokers.join(','), options.planFile).map((command) => `  ${command}`),
        'Then run `ipledger topics repair` again to raise min.insync.replicas, and `ipledger topics check`.',
        '',
      ].join('\n'),
    );
    reassignmentPending = true;
  }
  if (!reassignmentPending && minInsync.later.length === 0 && missing.length === 0) {
    io.stderr.write(
      options.dryRun && minInsync.now.length > 0 ? 'dry run: nothing changed\n' : 'every topic is at the replication target\n',
    );
    return;
  }
  throw new CliError('topics still below the replication target: see above', EXIT.verification);
}
