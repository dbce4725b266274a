// The pure parts of `ipledger stats rebuild`: what the statistics read model is, and the report.
import { describeRebuild, type RebuildResult } from './rebuild-read-model';
import { STATISTICS_READ_MODEL } from './read-models';

describe('the statistics read model', () => {
  it('empties only tables built from events, and keeps the source records and messaging state', () => {
    expect(STATISTICS_READ_MODEL.derivedTables).toEqual([
      'rollups',
      'counters',
      'registration_durations',
      'pledge_submissions',
      'fund_budgets',
      'subsidy_rollups',
      'subsidy_approvals',
    ]);
    expect(Object.keys(STATISTICS_READ_MODEL.keptTables).sort()).toEqual([
      '_prisma_migrations',
      'deals',
      'idempotency_keys',
      'inbox',
      'outbox',
    ]);
    expect(STATISTICS_READ_MODEL.derivedTables.filter((table) => table in STATISTICS_READ_MODEL.keptTables)).toEqual([]);
  });
});

describe('the rebuild report', () => {
  it('says what was emptied, deleted, kept and rewound, and what the service will replay', () => {
    const result: RebuildResult = {
      groupId: 'ipledger.statistics',
      emptied: [
        { table: 'statistics.rollups', rows: 40 },
        { table: 'statistics.counters', rows: 1 },
      ],
      inboxRowsDeleted: 25,
      resets: [
        {
          topic: 'ipledger.deal.v1',
          partitions: [
            { partition: 0, from: '2', to: '0', end: '2' },
            { partition: 1, from: '-1', to: '0', end: '0' },
          ],
        },
      ],
      messagesToReplay: 2n,
    };
    const lines = describeRebuild(STATISTICS_READ_MODEL, result).split('\n');
    expect(lines[0]).toBe('consumer group ipledger.statistics: no active members');
    expect(lines.slice(1, 4)).toEqual([
      'emptied statistics.rollups (40 rows)',
      'emptied statistics.counters (1 row)',
      'deleted 25 rows of ipledger.statistics from statistics.inbox',
    ]);
    expect(lines[4]).toMatch(/^kept statistics\.deals \(the source records of deals/);
    expect(lines[5]).toBe('reset ipledger.deal.v1: [0] 2 → 0, [1] none → 0');
    expect(lines[6]).toBe('start the statistics service: it replays 2 messages from 1 topic into the emptied tables');
  });
});
