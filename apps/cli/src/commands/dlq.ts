// ipledger dlq list | show | redrive: the dead letters of every consumer, straight from Kafka.
import { CONSUMERS, type ConsumerName } from '@ipledger/contracts';
import type { Admin } from 'kafkajs';
import { parseDeadLetterId } from '../dlq/dead-letter-id';
import { matchesFilter, type DeadLetterEntry } from '../dlq/dead-letter-entry';
import { loadDeadLetters } from '../dlq/dead-letters';
import { listJson, listTable, showJson, summaryLine, type ListFormat } from '../dlq/format';
import { ensureRedriveLog, redriveOne, redriveProducer } from '../dlq/redrive';
import { planRedrives, selectEntries, type RedriveDecision } from '../dlq/redrive-plan';
import { CliError, EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { kafkaConnection, reachKafka, type KafkaConnection, type KafkaOptions } from '../kafka';
import { renderTable } from '../render';

export interface DlqFilterOptions extends KafkaOptions {
  consumer?: ConsumerName;
  reason?: string;
}

export interface DlqListOptions extends DlqFilterOptions {
  format: ListFormat;
}

export interface DlqRedriveOptions extends DlqFilterOptions {
  all?: boolean;
  force?: boolean;
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

const consumersOf = (consumer: ConsumerName | undefined): readonly ConsumerName[] => (consumer === undefined ? CONSUMERS : [consumer]);

export async function dlqListCommand(options: DlqListOptions, io: Io): Promise<void> {
  const connection = kafkaConnection(options, io);
  const { entries, missingTopics } = await withAdmin(connection, (admin) =>
    loadDeadLetters(connection, admin, consumersOf(options.consumer)),
  );
  const shown = entries.filter((entry) => matchesFilter(entry, options));
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(listJson(shown), null, 2)}\n`);
    return;
  }
  io.stdout.write(shown.length === 0 ? 'no dead letters\n' : renderTable(listTable(shown)));
  io.stderr.write(`${summaryLine(shown, missingTopics)}\n`);
}

export async function dlqShowCommand(id: string, options: KafkaOptions, io: Io): Promise<void> {
  const where = parseDeadLetterId(id);
  const connection = kafkaConnection(options, io);
  const { entries } = await withAdmin(connection, (admin) => loadDeadLetters(connection, admin, [where.consumer]));
  const entry = entries.find((candidate) => candidate.id === id.trim());
  if (entry === undefined) throw new UsageError(`no dead letter ${id} (ipledger dlq list --consumer ${where.consumer} shows them)`);
  io.stdout.write(`${JSON.stringify(showJson(entry), null, 2)}\n`);
}

function selection(ids: readonly string[], options: DlqRedriveOptions, entries: readonly DeadLetterEntry[]): DeadLetterEntry[] {
  if (options.all) return entries.filter((entry) => matchesFilter(entry, options));
  const { selected, unknown } = selectEntries(
    entries,
    ids.map((id) => id.trim()),
  );
  if (unknown.length > 0) throw new UsageError(`no dead letter ${unknown.join(', ')} (ipledger dlq list shows them)`);
  return selected;
}

function describe(decision: RedriveDecision): string {
  const { entry } = decision;
  const what =
    entry.event.type === undefined ? '' : ` ${entry.event.type}${entry.event.eventId === undefined ? '' : ` ${entry.event.eventId}`}`;
  return decision.action === 'redrive' ? `${entry.id}${what}` : `skipped ${entry.id}${what}: ${decision.why}`;
}

export async function dlqRedriveCommand(ids: readonly string[], options: DlqRedriveOptions, io: Io): Promise<void> {
  if (options.all && ids.length > 0) throw new UsageError('give dead-letter ids or --all, not both');
  if (!options.all && ids.length === 0)
    throw new UsageError('give the ids of the dead letters to redrive (ipledger dlq list shows them), or --all');
  if (!options.all && (options.consumer !== undefined || options.reason !== undefined))
    throw new UsageError('--consumer and --reason select with --all only');
  const parsed = ids.map(parseDeadLetterId);
  const consumers = options.all ? consumersOf(options.consumer) : [...new Set(parsed.map((id) => id.consumer))];
  const connection = kafkaConnection(options, io);

  const decisions = await withAdmin(connection, async (admin) => {
    const { entries } = await loadDeadLetters(connection, admin, consumers);
    const planned = planRedrives(selection(ids, options, entries), { force: options.force === true });
    if (planned.some((decision) => decision.action === 'redrive')) await ensureRedriveLog(connection, admin, io.env);
    return planned;
  });

  const toRedrive = decisions.filter((decision) => decision.action === 'redrive');
  if (toRedrive.length > 0) {
    const producer = redriveProducer(connection);
    await reachKafka(connection, () => producer.connect());
    try {
      for (const decision of toRedrive) {
        const logged = await reachKafka(connection, () => redriveOne(connection, producer, decision.entry, decision.forced));
        const to = logged.redrivenTo;
        io.stdout.write(
          `redriven ${describe(decision)} → ${to.topic}[${to.partition}]@${to.offset}${decision.forced ? ' (forced)' : ''}\n`,
        );
      }
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }
  const skipped = decisions.filter((decision) => decision.action === 'skip');
  for (const decision of skipped) io.stdout.write(`${describe(decision)}\n`);

  const count = (kind: string) => skipped.filter((decision) => decision.kind === kind).length;
  const reasons = [
    ['already redriven', count('already-redriven')],
    ['not a valid event', count('not-an-event')],
    ['unreadable', count('unreadable')],
  ].filter(([, n]) => n !== 0);
  const detail = reasons.length === 0 ? '' : ` (${reasons.map(([why, n]) => `${n} ${why}`).join(', ')})`;
  io.stdout.write(`redriven ${toRedrive.length}, skipped ${skipped.length}${detail}\n`);
  const refused = count('not-an-event') + count('unreadable');
  if (refused > 0)
    throw new CliError(
      `${refused} dead letter${refused === 1 ? ' was' : 's were'} refused: not valid events, they would only come back to the dead-letter topic`,
      EXIT.refused,
    );
}
