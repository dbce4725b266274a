// The operations commands, which talk to Kafka (and PostgreSQL) directly rather than to the API:
// `dlq list | show | redrive`, `stats rebuild`, `topics check | repair` and `outbox republish`, registered on the
// program by program.ts.
import { CONSUMERS, DEAD_LETTER_REASONS } from '@ipledger/contracts';
import { Command, Option } from 'commander';
import type { Io } from '../io';
import { LIST_FORMATS } from '../dlq/format';
import { oneOf } from '../options';
import { dlqListCommand, dlqRedriveCommand, dlqShowCommand } from './dlq';
import { outboxRepublishCommand } from './outbox-republish';
import { statsRebuildCommand } from './stats-rebuild';
import { parseRangeBound, SERVICE_CHOICES } from '../outbox/republish-range';
import { topicsCheckCommand, topicsRepairCommand } from './topics';

const OPERATIONS_HELP = `
Exit codes: 0 ok, 1 other error (e.g. Kafka unreachable), 2 bad arguments, 4 refused.
Environment: KAFKA_BROKERS (host:port,...), KAFKA_TOPIC_PREFIX (default none).`;

const REASONS = [...DEAD_LETTER_REASONS, 'unreadable'] as const;

function withKafka(command: Command): Command {
  return command
    .option('--brokers <list>', 'Kafka brokers, host:port[,host:port] (default: $KAFKA_BROKERS)')
    .option('--topic-prefix <prefix>', 'prefix of every topic and consumer group (default: $KAFKA_TOPIC_PREFIX or none)')
    .addHelpText('after', OPERATIONS_HELP);
}

const usage = (command: Command, path: string) =>
  command.showHelpAfterError(`usage: ipledger ${path} ${command.usage()}\n(ipledger ${path} --help for details)`);

export function registerDlqCommands(program: Command, io: Io): void {
  const dlq = program
    .command('dlq')
    .description('dead letters: messages a consumer could not handle, and redriving them')
    .addHelpText('after', OPERATIONS_HELP);
  usage(dlq, 'dlq');

  const list = withKafka(dlq.command('list'))
    .description('every dead letter of every consumer (read to the current end of the dead-letter topics)')
    .addOption(new Option('--consumer <name>', CONSUMERS.join('|')).argParser(oneOf(CONSUMERS)))
    .addOption(new Option('--reason <reason>', REASONS.join('|')).argParser(oneOf(REASONS)))
    .addOption(new Option('--format <format>', LIST_FORMATS.join('|')).argParser(oneOf(LIST_FORMATS)).default('table'))
    .action(async (options) => dlqListCommand(options, io));
  usage(list, 'dlq list');

  const show = withKafka(dlq.command('show'))
    .description('one dead letter, whole, as JSON (the original message parsed when it is JSON)')
    .argument('<id>', 'the dead letter, <consumer>:<partition>:<offset> as dlq list shows it')
    .action(async (id: string, options) => dlqShowCommand(id, options, io));
  usage(show, 'dlq show');

  const redrive = withKafka(dlq.command('redrive'))
    .description(
      'publish dead letters’ original messages again to their source topics (each recorded; a redriven one is skipped unless --force)',
    )
    .argument('[ids...]', 'dead letters, <consumer>:<partition>:<offset>')
    .option('--all', 'every dead letter (of --consumer, with --reason)')
    .addOption(new Option('--consumer <name>', `with --all: ${CONSUMERS.join('|')}`).argParser(oneOf(CONSUMERS)))
    .addOption(new Option('--reason <reason>', `with --all: ${REASONS.join('|')}`).argParser(oneOf(REASONS)))
    .option('--force', 'redrive also what was redriven before, and messages that are not valid events')
    .addHelpText(
      'after',
      'A redriven event the consumer has handled meanwhile changes nothing (its inbox). Exit 4 when a dead letter was refused (not a valid event).',
    )
    .action(async (ids: string[], options) => dlqRedriveCommand(ids, options, io));
  usage(redrive, 'dlq redrive');
}

export function registerStatsRebuild(stats: Command, io: Io): void {
  const rebuild = withKafka(stats.command('rebuild'))
    .description('empty the statistics read model and replay every event into it (stop the statistics service first)')
    .option(
      '--database-url <url>',
      'the statistics service’s role ipledger_statistics (default: $STATISTICS_DATABASE_URL, then $DATABASE_URL)',
    )
    .addHelpText(
      'after',
      'Connects as the statistics service’s own database role: it can empty that service’s derived tables and nothing else. Refused (exit 4) while the statistics consumer group has members.',
    )
    .action(async (options) => statsRebuildCommand(options, io));
  usage(rebuild, 'stats rebuild');
}

const REPLICATION_HELP = `
Target: KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS when set, else the brokers' default.replication.factor
and min.insync.replicas, but at least 3 replicas and min ISR 2 on a cluster of three or more brokers.`;

export function registerTopicsCommands(program: Command, io: Io): void {
  const topics = program
    .command('topics')
    .description('replicas and min.insync.replicas of every topic the system uses')
    .addHelpText('after', OPERATIONS_HELP);
  usage(topics, 'topics');

  const check = withKafka(topics.command('check'))
    .description('a table of every topic: partitions, replicas, in-sync replicas, min ISR, the target, OK / LOW / MISSING')
    .addHelpText('after', `${REPLICATION_HELP}\nExit 5 when a topic is LOW or MISSING.`)
    .action(async (options) => topicsCheckCommand(options, io));
  usage(check, 'topics check');

  const repair = withKafka(topics.command('repair'))
    .description(
      'raise min.insync.replicas where it is low (a topic config change), and write the partition reassignment that raises replicas',
    )
    .option('--plan-file <file>', 'where to write the reassignment plan for kafka-reassign-partitions.sh', 'topics-reassignment.json')
    .option('--dry-run', 'change nothing: say what would be raised (the plan file is still written)')
    .addHelpText(
      'after',
      `${REPLICATION_HELP}\nmin.insync.replicas is never raised above a topic's current replicas (every acks=all write would fail): run repair again after the reassignment.\nExit 5 while a reassignment is still to run or a topic is missing.`,
    )
    .action(async (options) => topicsRepairCommand(options, io));
  usage(repair, 'topics repair');
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerOutboxCommands(program: Command, io: Io): void {
  const outbox = program
    .command('outbox')
    .description('the services’ transactional outboxes: every event they wrote, kept')
    .addHelpText('after', OPERATIONS_HELP);
  usage(outbox, 'outbox');

  const republish = withKafka(outbox.command('republish'))
    .description('have the services’ own relays publish a range of their outboxes again (after a broker lost records)')
    .requiredOption('--service <name>', `${SERVICE_CHOICES.join('|')}`)
    .requiredOption(
      '--from <time|position>',
      'first event: an ISO time with its zone (created at or after), or an outbox position (one service)',
      parseRangeBound,
    )
    .option('--to <time|position>', 'end of the range, not included (default: the newest event)', parseRangeBound)
    .option('--topic <topic>', 'only this topic, as named on the broker (repeatable; default every topic)', collect)
    .option('--dry-run', 'count what would be republished; mark nothing')
    .option(
      '--database-url <url>',
      'the role ipledger_outbox_operator (default: $IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL, then $DATABASE_URL)',
    )
    .addHelpText(
      'after',
      [
        'Marks the published events of the range in each outbox; the service’s relay sends them again in outbox order, under their',
        'event ids and signed with its own key (consumers drop what they handled). Prints the events queued per topic and the offset',
        'on each partition where the republished messages begin. Exit 4 when a topic does not exist or the database role may not.',
      ].join('\n'),
    )
    .action(async (options) => outboxRepublishCommand(options, io));
  usage(republish, 'outbox republish');
}
