// ipledger stats rebuild: empties the statistics read model and rewinds the statistics consumer
// group to the earliest events, so the statistics service, started again, replays everything.
// It connects as the statistics service's own role (STATISTICS_DATABASE_URL, or --database-url /
// DATABASE_URL given that role's URL): the rights of the service and nothing more, so it cannot
// touch another service's schema.
import pg from 'pg';
import { CliError, EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { kafkaConnection, reachKafka, type KafkaOptions } from '../kafka';
import { describeRebuild, rebuildReadModel } from '../rebuild/rebuild-read-model';
import { STATISTICS_READ_MODEL } from '../rebuild/read-models';

export interface StatsRebuildOptions extends KafkaOptions {
  databaseUrl?: string;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

export async function statsRebuildCommand(options: StatsRebuildOptions, io: Io): Promise<void> {
  const url = options.databaseUrl ?? nonEmpty(io.env.STATISTICS_DATABASE_URL) ?? io.env.DATABASE_URL;
  if (url === undefined || url.trim() === '') {
    throw new UsageError(
      'no database: pass --database-url <url> or set STATISTICS_DATABASE_URL (the statistics service’s role, ipledger_statistics)',
    );
  }
  const connection = kafkaConnection(options, io);
  const admin = connection.kafka.admin();
  await reachKafka(connection, () => admin.connect());
  const db = new pg.Client({ connectionString: url });
  try {
    await db.connect().catch((error: unknown) => {
      throw new CliError(`cannot connect to the database: ${error instanceof Error ? error.message : String(error)}`, EXIT.failure);
    });
    const result = await reachKafka(connection, () =>
      rebuildReadModel(STATISTICS_READ_MODEL, { kafka: connection.kafka, admin, db, prefix: connection.prefix }),
    );
    io.stdout.write(describeRebuild(STATISTICS_READ_MODEL, result));
  } finally {
    await db.end().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
