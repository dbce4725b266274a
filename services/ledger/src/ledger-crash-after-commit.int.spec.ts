// A ledger process killed at exactly the worst moment of batched posting loses and doubles
// nothing. The ledger runs as a real process (the production build) with the fault point
// `consumer.after-handle` armed at probability 1 (libs/messaging/src/fault-points.ts): it SIGKILLs
// itself right after the first transaction of a fetched batch committed (journal entries, inbox
// rows, outbox rows) and before Kafka heard of it (no offset committed). The test sees that state,
// restarts the ledger without the fault point, and checks that the redelivered events are found
// in the inbox and skipped, the others posted, so that every event has exactly one journal entry,
// one inbox row and one JournalEntryPosted, the trial balance holds the batch's amounts once, the
// hash chain verifies, and nothing was dead-lettered.
//
// Which check catches what: the journal refuses an event id a second time by itself (JournalPoster
// skips events already posted; journal_entries.event_id is unique), so a consumer that ignored its
// inbox would still leave the ledger right: only the restarted ledger's log ("event handled" for
// the 20 again) shows it. Without both guards the 20 would fail at every try and be dead-lettered.
// An effect lost with the crash (the fault point before the commit, or the offset committed
// first) fails the checks of the state left by the crash, and the counts after the restart.
import type { Admin, Producer } from 'kafkajs';
import { consumerGroupId, deadLetterTopicName, topicName, TrialBalanceResponse } from '@ipledger/contracts';
import { createPrismaClient } from '@ipledger/db';
import { parseLedgerSigningKey } from '@ipledger/ledger-proof';
import { FAULT_POINTS } from '@ipledger/messaging';
import { newId } from '@ipledger/service-kit';
import {
  actingAs,
  createTestDatabase,
  createTopicsForPrefix,
  eventually,
  laggingPartitions,
  pollUntil,
  signedMessage,
  startServiceProcess,
  testBrokers,
  testEnvironment,
  testKafka,
  uniqueTopicPrefix,
  waitUntilConsumed,
  type ServiceEnvironment,
  type ServiceProcess,
  type TestDatabase,
} from '@ipledger/testing';
import { CheckpointRepository } from './checkpoint.repository';
import { PrismaClient } from './database';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { loanDisbursed } from './test-support/loan-events';

/** Events produced together, in one request to one partition: the ledger fetches them as one batch. */
const EVENTS = 50;
/** The armed process's CONSUMER_BATCH_EVENTS: it commits the batch's first 20 in one transaction, then dies. */
const FIRST_TRANSACTION = 20;
const BANK = 'bank-cq-crash';
const PRINCIPAL = '10000.00';
const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau' });
const TIMEOUT_MS = 120_000;

/** The fields of a service's JSON log line that the test reads. */
interface LogLine {
  msg?: string;
  faultPoint?: string;
  eventId?: string;
}

function collectInto(lines: LogLine[]): (line: string) => void {
  return (line) => {
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // not a log line of the service (e.g. a Node warning)
    }
  };
}

describe('the ledger killed after a batch’s transaction committed, before its offset did', () => {
  const prefix = uniqueTopicPrefix('ledger-crash-after-commit');
  const groupId = consumerGroupId('ledger', prefix);
  const loanTopic = topicName('loan', prefix);
  const events = Array.from({ length: EVENTS }, () => loanDisbursed({ loanId: newId('loan'), bankOrgId: BANK, principal: PRINCIPAL }));
  const eventIds = events.map((event) => event.eventId);
  const sorted = (ids: readonly string[]) => [...ids].sort();

  let database: TestDatabase;
  let prisma: PrismaClient;
  let admin: Admin;
  let producer: Producer;
  const processes: ServiceProcess[] = [];

  /** The ledger as a process of the run's build, its output's JSON lines collected into `lines`. */
  async function startLedger(env: Record<string, string>, lines: LogLine[]): Promise<ServiceProcess> {
    const environment: ServiceEnvironment = {
      DATABASE_URL: database.url, // the process gets its own role's URL from it
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'info',
      ...env,
    };
    const ledger = await startServiceProcess('ledger', environment, { onLine: collectInto(lines) });
    processes.push(ledger);
    return ledger;
  }

  /** Event ids, as text, of a query's `event_id` column. */
  async function idsOf(sql: string, ...values: unknown[]): Promise<string[]> {
    const rows = await prisma.$queryRawUnsafe<{ event_id: string }[]>(sql, ...values);
    return rows.map((row) => row.event_id);
  }
  const inboxIds = () => idsOf('SELECT event_id::text AS event_id FROM ledger.inbox WHERE consumer_group = $1', groupId);
  /** One id per journal entry: an event posted twice would be listed twice. */
  const postedIds = () => idsOf('SELECT event_id::text AS event_id FROM ledger.journal_entries');
  /** One id per JournalEntryPosted in the outbox: an event announced twice would be listed twice. */
  const announcedIds = () =>
    idsOf(`SELECT envelope->'payload'->>'sourceEventId' AS event_id FROM ledger.outbox WHERE type = 'JournalEntryPosted'`);

  /** The ledger's own check: the chain recomputed from genesis, checkpoints, account totals, each entry's balance. */
  function verifyLedger() {
    const key = parseLedgerSigningKey(testEnvironment().ledgerSigningKey);
    return new LedgerService(new LedgerRepository(prisma), new CheckpointRepository(prisma), key, [key.publicKey]).verify();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTopicsForPrefix(prefix);
    prisma = createPrismaClient(PrismaClient, { url: database.url, poolSize: 2 });
    const kafka = testKafka('ledger-crash-after-commit-test');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(processes.map((ledger) => ledger.stop()));
    await producer?.disconnect();
    await admin?.disconnect();
    await prisma?.$disconnect();
    await database?.drop();
  });

  describe('with the fault point armed', () => {
    const crashed: LogLine[] = [];
    let exit: { code: number | null; signal: NodeJS.Signals | null };

    beforeAll(async () => {
      const ledger = await startLedger(
        {
          IPLEDGER_FAULT_POINTS: `${FAULT_POINTS.consumerAfterHandle}=1`,
          CONSUMER_BATCH_EVENTS: String(FIRST_TRANSACTION),
          // The broker's shortest: the killed member's session ends after 6 s, not 30.
          KAFKA_SESSION_TIMEOUT_MS: '6000',
        },
        crashed,
      );
      // Produced once the ledger is up (dying before /health answered would fail its start), in
      // one request to one partition: one record batch, which the ledger's first fetch gets whole.
      await producer.send({ topic: loanTopic, acks: -1, messages: events.map((event) => ({ ...signedMessage(event), partition: 0 })) });
      await pollUntil(() => ledger.process.hasExited(), {
        timeoutMs: 60_000,
        description: `the ledger to kill itself at ${FAULT_POINTS.consumerAfterHandle}`,
      });
      exit = await ledger.process.exited;
    }, TIMEOUT_MS);

    it('dies by SIGKILL at consumer.after-handle', async () => {
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      // Its last line travels through a pipe, and may come a moment after the exit.
      await pollUntil(() => crashed.some((line) => line.faultPoint === FAULT_POINTS.consumerAfterHandle), {
        description: 'the fault point’s line on the ledger’s stderr',
      });
      expect(crashed.find((line) => line.faultPoint !== undefined)).toMatchObject({
        msg: 'fault point reached: killing this process',
        faultPoint: FAULT_POINTS.consumerAfterHandle,
      });
    });

    it('leaves the first transaction’s effects committed: its events posted, in the inbox and announced in the outbox', async () => {
      const firstTransaction = sorted(eventIds.slice(0, FIRST_TRANSACTION));
      expect(sorted(await inboxIds())).toEqual(firstTransaction);
      expect(sorted(await postedIds())).toEqual(firstTransaction);
      expect(sorted(await announcedIds())).toEqual(firstTransaction);
      expect(await verifyLedger()).toMatchObject({ ok: true, chain: { ok: true, entriesChecked: FIRST_TRANSACTION } });
    });

    it('leaves the consumer group’s offset behind them: nothing committed on the batch’s partition', async () => {
      expect(await laggingPartitions(admin, [{ groupId, topics: [loanTopic] }])).toEqual([
        { groupId, topic: loanTopic, partition: 0, committed: -1n, end: BigInt(EVENTS) },
      ]);
    });

    describe('then restarted without it', () => {
      const restarted: LogLine[] = [];
      let ledger: ServiceProcess;

      beforeAll(async () => {
        // The killed member stays in the group until its session times out (6 s here, 30 s by
        // default). A ledger started before then waits for that too before it joins: started once
        // the broker has ended the member, it joins at once.
        await pollUntil(
          async () => {
            const { groups } = await admin.describeGroups([groupId]);
            return groups.every((group) => group.members.length === 0);
          },
          { timeoutMs: 60_000, description: 'the broker to end the killed ledger’s membership of its consumer group' },
        );
        ledger = await startLedger({}, restarted);
        await waitUntilConsumed(testBrokers(), [{ groupId, topics: [loanTopic] }], 90_000);
      }, TIMEOUT_MS);

      it('finds the committed events in its inbox and skips them, and handles the others', async () => {
        const outcome = (msg: string) =>
          sorted(restarted.filter((line) => line.msg === msg && line.eventId !== undefined).map((line) => line.eventId as string));
        // Log lines travel through a pipe and may come a moment after the offsets are committed.
        await eventually(
          () => {
            expect(outcome('event already handled')).toEqual(sorted(eventIds.slice(0, FIRST_TRANSACTION)));
            expect(outcome('event handled')).toEqual(sorted(eventIds.slice(FIRST_TRANSACTION)));
          },
          { timeoutMs: 10_000, description: 'the restarted ledger’s log of each event’s outcome' },
        );
      });

      it('has exactly one journal entry, one inbox row and one JournalEntryPosted per event', async () => {
        expect(sorted(await postedIds())).toEqual(sorted(eventIds));
        expect(sorted(await inboxIds())).toEqual(sorted(eventIds));
        expect(sorted(await announcedIds())).toEqual(sorted(eventIds));
      });

      it('holds every principal once in a balanced trial balance', async () => {
        const response = await fetch(`${ledger.url}/api/ledger/trial-balance`, { headers: BUREAU });
        expect(response.status).toBe(200);
        // 50 × 10,000.00: each loan's principal account debited once, the bank's cash credited 50 times.
        expect(TrialBalanceResponse.parse(await response.json())).toEqual({
          totalDebits: '500000.00',
          totalCredits: '500000.00',
          balanced: true,
          entryCount: String(EVENTS),
          accountCount: EVENTS + 1,
        });
      });

      it('verifies: the hash chain recomputes to the stored head, every entry and account balances', async () => {
        expect(await verifyLedger()).toMatchObject({
          ok: true,
          chain: { ok: true, entriesChecked: EVENTS },
          accountsOutOfBalance: [],
          unbalancedEntries: [],
        });
      });

      it('dead-letters nothing', async () => {
        const offsets = await admin.fetchTopicOffsets(deadLetterTopicName('ledger', prefix));
        expect(offsets.map((partition) => partition.high)).toEqual(offsets.map(() => '0'));
      });
    });
  });
});
