// ipledger outbox republish: asks the services' relays to publish a range of their outboxes again
// (after a broker lost records). Connects as ipledger_outbox_operator (IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL,
// or --database-url / DATABASE_URL given that role's URL), which may mark rows and nothing else,
// and to Kafka as the operator principal, to check the topics and read where republishing begins.
import pg from 'pg';
import { CliError, EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { kafkaConnection, reachKafka, type KafkaOptions } from '../kafka';
import { renderTable } from '../render';
import { republishSelection, type RangeBound } from '../outbox/republish-range';
import { republishSummary, republishTable } from '../outbox/republish-report';
import { requestRepublish } from '../outbox/republish-request';

export interface OutboxRepublishOptions extends KafkaOptions {
  service: string;
  from: RangeBound;
  to?: RangeBound;
  topic?: string[];
  dryRun?: boolean;
  databaseUrl?: string;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

export async function outboxRepublishCommand(options: OutboxRepublishOptions, io: Io): Promise<void> {
  const url = options.databaseUrl ?? nonEmpty(io.env.IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL) ?? nonEmpty(io.env.DATABASE_URL);
  if (url === undefined) {
    throw new UsageError(
      'no database: pass --database-url <url> or set IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL (the role ipledger_outbox_operator; npm start prints its URL)',
    );
  }
  const connection = kafkaConnection(options, io);
  const selection = republishSelection(options, connection.prefix);
  const admin = connection.kafka.admin();
  await reachKafka(connection, () => admin.connect());
  const db = new pg.Client({ connectionString: url, application_name: 'ipledger-outbox-republish' });
  try {
    await db.connect().catch((error: unknown) => {
      throw new CliError(`cannot connect to the database: ${error instanceof Error ? error.message : String(error)}`, EXIT.failure);
    });
    const result = await reachKafka(connection, () => requestRepublish(selection, { db, admin, dryRun: options.dryRun }));
    if (result.ranges.length > 0) io.stdout.write(renderTable(republishTable(result)));
    io.stderr.write(`${republishSummary(result, selection.from).join('\n')}\n`);
  } catch (error) {
    if ((error as { code?: string }).code === '42501') {
      throw new CliError(
        `the database refused (${(error as Error).message}): connect as ipledger_outbox_operator (IPLEDGER_OUTBOX_OPERATOR_DATABASE_URL)`,
        EXIT.refused,
      );
    }
    throw error;
  } finally {
    await db.end().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
