// The read models `ipledger stats rebuild` can rebuild, and which of their service's tables are
// derived from events (emptied and replayed) versus kept (source records, outbox, idempotency).
//
// statistics (services/statistics/src/facts.service.ts, rollups.repository.ts): every write of its
// event handlers goes to rollups, counters, registration_durations, pledge_submissions,
// fund_budgets, subsidy_rollups and subsidy_approvals, and nothing else writes them. `deals` is the bureau's source record (written by the
// HTTP commands together with their DealRecorded/DealReversed events, which the statistics consume
// like every other event: no total is changed in a command transaction); DealReversed reads the
// stored deal, which is kept, so a replay takes back exactly what the recording added.
import type { ConsumerName } from '@ipledger/contracts';

export interface ReadModel {
  /** The consuming service: its consumer group is replayed. */
  consumer: ConsumerName;
  /** Its database schema, holding the tables below and its inbox. */
  schema: string;
  /** Tables built only from events: emptied before the replay. */
  derivedTables: readonly string[];
  /** Tables kept, with why (for the report and the docs). */
  keptTables: Readonly<Record<string, string>>;
}

export const STATISTICS_READ_MODEL: ReadModel = {
  consumer: 'statistics',
  schema: 'statistics',
  derivedTables: [
    'rollups',
    'counters',
    'registration_durations',
    'pledge_submissions',
    'fund_budgets',
    'subsidy_rollups',
    'subsidy_approvals',
  ],
  keptTables: {
    deals: 'the source records of deals (their events are replayed)',
    outbox: 'the events the service publishes',
    idempotency_keys: 'answers to commands already run',
    inbox: 'only the statistics group’s rows are deleted',
    _prisma_migrations: 'the statistics service’s migration history',
  },
};
