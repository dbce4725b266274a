// The ledger schema. Posting is raw SQL in the handler's transaction because it needs row locks
// (Prisma has no SELECT … FOR UPDATE); reads go through the Prisma models.
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { AwaitingFactError, type Outbox } from '@ipledger/messaging';
import { newId, OUTBOX, PRISMA, toDateString } from '@ipledger/service-kit';
import { applyPostings, type AccountTotals } from './domain/balances';
import { describeAccount, type AccountSpec, type Direction } from './domain/chart-of-accounts';
import { entryHash, type ChainedEntry, type ChainHead, type HashedEntry } from '@ipledger/ledger-proof';
import { assertPostable, type JournalEntryDraft } from './domain/journal-entry';

/** Who the ledger acts as when it emits events of its own. */
export const LEDGER_ACTOR = { orgId: 'ipledger-ledger', role: 'system', userId: null } as const;

export type PostingOutcome = { status: 'posted'; entry: ChainedEntry } | { status: 'already-posted'; entryId: string };

export class LedgerCorruptionError extends Error {
  constructor(message: string) {
    super(`ledger state is inconsistent: ${message}`);
    this.name = 'LedgerCorruptionError';
  }
}

const entryWithPostings = { postings: { orderBy: { position: 'asc' } } } satisfies Prisma.JournalEntryInclude;
export type EntryRow = Prisma.JournalEntryGetPayload<{ include: typeof entryWithPostings }>;
export type AccountRow = Awaited<ReturnType<PrismaClient['ledgerAccount']['findUniqueOrThrow']>>;

interface LockedAccountRow {
  code: string;
  type: string;
  normal_side: string;
  party_type: string;
  party_id: string;
  allow_negative: boolean;
  debits_posted: string;
  credits_posted: string;
}

/** `prefix` as a LIKE pattern matching itself literally (Prisma's startsWith does not escape). */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (character) => `\\${character}`);
}

@Injectable()
export class LedgerRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /**
   * Posts one entry in `tx`, once per event id. Locks are taken in one order by every posting —
   * the touched accounts sorted by code, then the chain head — so concurrent postings wait for
   * each other instead of deadlocking; the chain head makes sequence numbers gap-free.
   */
  async post(tx: TransactionClient, draft: JournalEntryDraft, clock: () => Date = () => new Date()): Promise<PostingOutcome> {
    assertPostable(draft);
    const existing = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM ledger.journal_entries WHERE event_id = $1::uuid`,
      draft.eventId,
    );
    if (existing.length > 0) return { status: 'already-posted', entryId: existing[0].id };
    await this.assertEarlierPostingsPresent(tx, draft);

    const specs = [...new Set(draft.postings.map((posting) => posting.accountCode))].sort().map(describeAccount);
    await this.openAccounts(tx, specs);
    const before = await this.lockAccounts(tx, specs);
    const after = applyPostings(before, draft);
    const head = await this.lockChainHead(tx);

    const hashed: HashedEntry = {
      sequence: head.sequence + 1n,
      id: newId('journalEntry'),
      eventId: draft.eventId,
      eventType: draft.eventType,
      description: draft.description,
      effectiveDate: draft.effectiveDate,
      reversesEntryId: draft.reversesEntryId,
      correlationId: draft.correlationId,
      postedAt: clock().toISOString(),
      postings: draft.postings.map((posting, position) => ({ position, ...posting })),
    };
    const entry: ChainedEntry = { ...hashed, previousHash: head.hash, hash: entryHash(head.hash, hashed) };

    await this.insertEntry(tx, entry);
    await this.updateTotals(tx, after);
    await tx.$executeRawUnsafe(
      `UPDATE ledger.chain_head SET sequence = $1::bigint, hash = $2 WHERE id = 1`,
      entry.sequence.toString(),
      entry.hash,
    );
    await this.outbox.append(tx, {
      type: 'JournalEntryPosted',
      payload: {
        entryId: entry.id,
        sequence: entry.sequence.toString(),
        sourceEventId: entry.eventId,
        sourceEventType: entry.eventType,
        effectiveDate: entry.effectiveDate,
        postings: draft.postings.map(({ accountCode, direction, amount }) => ({ accountCode, direction, amount })),
        hash: entry.hash,
      },
      actor: LEDGER_ACTOR,
      correlationId: draft.correlationId,
      causationId: draft.eventId,
    });
    return { status: 'posted', entry };
  }

  /**
   * Throws AwaitingFactError while a posting the draft builds on (from another topic) is not in
   * the ledger yet: an account exists only once a posting has opened it. The consumer pauses the
   * partition and tries again, instead of refusing an event that has merely arrived first.
   */
  private async assertEarlierPostingsPresent(tx: TransactionClient, draft: JournalEntryDraft): Promise<void> {
    const needed = draft.buildsOn ?? [];
    if (needed.length === 0) return;
    const open = await tx.$queryRawUnsafe<{ code: string }[]>(
      `SELECT code FROM ledger.accounts WHERE code = ANY($1::text[])`,
      needed.map((earlier) => earlier.accountCode),
    );
    const missing = needed.find((earlier) => !open.some((account) => account.code === earlier.accountCode));
    if (missing) {
      throw new AwaitingFactError(
        missing.event,
        `${draft.eventType} ${draft.eventId} waits for ${missing.event}: account ${missing.accountCode} has no postings yet`,
      );
    }
  }

  /** Opens accounts that do not exist yet, in code order; an open account is left as it is. */
  private async openAccounts(tx: TransactionClient, specs: readonly AccountSpec[]): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger.accounts (code, type, normal_side, party_type, party_id, allow_negative)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
       ON CONFLICT (code) DO NOTHING`,
      specs.map((spec) => spec.code),
      specs.map((spec) => spec.type),
      specs.map((spec) => spec.normalSide),
      specs.map((spec) => spec.partyType),
      specs.map((spec) => spec.partyId),
      specs.map((spec) => spec.allowNegative),
    );
  }

  /** SELECT … FOR UPDATE in code order (byte order, as JavaScript sorts), checked against the chart. */
  private async lockAccounts(tx: TransactionClient, specs: readonly AccountSpec[]): Promise<AccountTotals[]> {
    const rows = await tx.$queryRawUnsafe<LockedAccountRow[]>(
      `SELECT code, type, normal_side, party_type, party_id, allow_negative,
              debits_posted::text AS debits_posted, credits_posted::text AS credits_posted
         FROM ledger.accounts WHERE code = ANY($1::text[])
        ORDER BY code COLLATE "C" FOR UPDATE`,
      specs.map((spec) => spec.code),
    );
    return specs.map((spec) => {
      const row = rows.find((candidate) => candidate.code === spec.code);
      if (!row) throw new LedgerCorruptionError(`account ${spec.code} was opened but cannot be read`);
      if (row.type !== spec.type || row.normal_side !== spec.normalSide || row.allow_negative !== spec.allowNegative) {
        throw new LedgerCorruptionError(
          `account ${spec.code} is stored as ${row.type}/${row.normal_side}/allowNegative=${row.allow_negative}, the chart says ${spec.type}/${spec.normalSide}/allowNegative=${spec.allowNegative}`,
        );
      }
      return {
        code: row.code,
        normalSide: row.normal_side as Direction,
        allowNegative: row.allow_negative,
        debitsPosted: row.debits_posted,
        creditsPosted: row.credits_posted,
      };
    });
  }

  private async lockChainHead(tx: TransactionClient): Promise<ChainHead> {
    const rows = await tx.$queryRawUnsafe<{ sequence: string; hash: string }[]>(
      `SELECT sequence::text AS sequence, hash FROM ledger.chain_head WHERE id = 1 FOR UPDATE`,
    );
    if (rows.length !== 1) throw new LedgerCorruptionError('the chain head row (id 1) is missing; the migration inserts it');
    return { sequence: BigInt(rows[0].sequence), hash: rows[0].hash };
  }

  private async insertEntry(tx: TransactionClient, entry: ChainedEntry): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger.journal_entries
         (id, sequence, event_id, event_type, description, effective_date, reverses_entry_id, correlation_id, previous_hash, hash, posted_at)
       VALUES ($1, $2::bigint, $3::uuid, $4, $5, $6::date, $7, $8, $9, $10, $11::timestamptz)`,
      entry.id,
      entry.sequence.toString(),
      entry.eventId,
      entry.eventType,
      entry.description,
      entry.effectiveDate,
      entry.reversesEntryId,
      entry.correlationId,
      entry.previousHash,
      entry.hash,
      entry.postedAt,
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger.postings (entry_id, position, account_code, direction, amount)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::numeric[])`,
      entry.id,
      entry.postings.map((posting) => posting.position),
      entry.postings.map((posting) => posting.accountCode),
      entry.postings.map((posting) => posting.direction),
      entry.postings.map((posting) => posting.amount),
    );
  }

  /** Writes the totals computed under lock from the locked values. */
  private async updateTotals(tx: TransactionClient, accounts: readonly AccountTotals[]): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE ledger.accounts AS account
          SET debits_posted = totals.debits, credits_posted = totals.credits
         FROM unnest($1::text[], $2::numeric[], $3::numeric[]) AS totals(code, debits, credits)
        WHERE account.code = totals.code`,
      accounts.map((account) => account.code),
      accounts.map((account) => account.debitsPosted),
      accounts.map((account) => account.creditsPosted),
    );
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────────

  findAccount(code: string): Promise<AccountRow | null> {
    return this.prisma.ledgerAccount.findUnique({ where: { code } });
  }

  /** `codePrefixes` null means every account; an empty list means none. */
  listAccounts(filter: {
    partyType?: string;
    partyId?: string;
    prefix?: string;
    codePrefixes: readonly string[] | null;
  }): Promise<AccountRow[]> {
    if (filter.codePrefixes?.length === 0) return Promise.resolve([]);
    const where: Prisma.LedgerAccountWhereInput[] = [];
    if (filter.partyType) where.push({ partyType: filter.partyType });
    if (filter.partyId) where.push({ partyId: filter.partyId });
    if (filter.prefix) where.push({ code: { startsWith: likePrefix(filter.prefix) } });
    if (filter.codePrefixes) where.push({ OR: filter.codePrefixes.map((prefix) => ({ code: { startsWith: likePrefix(prefix) } })) });
    return this.prisma.ledgerAccount.findMany({ where: { AND: where }, orderBy: { code: 'asc' } });
  }

  findEntry(id: string): Promise<EntryRow | null> {
    return this.prisma.journalEntry.findUnique({ where: { id }, include: entryWithPostings });
  }

  /** Entries in sequence order after `afterSequence` (up to `throughSequence`), optionally only those touching `accountCode`. */
  listEntries(
    options: { afterSequence: bigint; throughSequence?: bigint; limit: number; accountCode?: string },
    db: TransactionClient = this.prisma,
  ): Promise<EntryRow[]> {
    return db.journalEntry.findMany({
      where: {
        sequence: { gt: options.afterSequence, ...(options.throughSequence === undefined ? {} : { lte: options.throughSequence }) },
        ...(options.accountCode ? { postings: { some: { accountCode: options.accountCode } } } : {}),
      },
      orderBy: { sequence: 'asc' },
      take: options.limit,
      include: entryWithPostings,
    });
  }

  async chainHead(db: TransactionClient = this.prisma): Promise<ChainHead> {
    const head = await db.ledgerChainHead.findUnique({ where: { id: 1 } });
    if (!head) throw new LedgerCorruptionError('the chain head row (id 1) is missing; the migration inserts it');
    return { sequence: head.sequence, hash: head.hash };
  }

  async totals(): Promise<{ totalDebits: string; totalCredits: string; accountCount: number }> {
    const sums = await this.prisma.ledgerAccount.aggregate({ _sum: { debitsPosted: true, creditsPosted: true }, _count: { _all: true } });
    return {
      totalDebits: sums._sum.debitsPosted?.toFixed(2) ?? '0.00',
      totalCredits: sums._sum.creditsPosted?.toFixed(2) ?? '0.00',
      accountCount: sums._count._all,
    };
  }

  /** Runs `work` on one consistent snapshot (REPEATABLE READ, read only), e.g. for verification while postings go on. */
  readSnapshot<T>(work: (db: TransactionClient) => Promise<T>, timeoutMs = 600_000): Promise<T> {
    return this.prisma.$transaction(
      async (db) => {
        await db.$executeRawUnsafe('SET TRANSACTION READ ONLY');
        return work(db);
      },
      { isolationLevel: 'RepeatableRead', timeout: timeoutMs, maxWait: 10_000 },
    );
  }

  /** Accounts whose running totals differ from the sums of their postings (empty when sound). */
  recomputeTotals(db: TransactionClient = this.prisma): Promise<TotalsMismatch[]> {
    return db.$queryRawUnsafe<TotalsMismatch[]>(
      `SELECT account.code,
              account.debits_posted::text AS "debitsPosted", coalesce(sums.debits, 0)::numeric(20,2)::text AS "debitsFromPostings",
              account.credits_posted::text AS "creditsPosted", coalesce(sums.credits, 0)::numeric(20,2)::text AS "creditsFromPostings"
         FROM ledger.accounts AS account
         LEFT JOIN (SELECT account_code,
                           sum(amount) FILTER (WHERE direction = 'DEBIT') AS debits,
                           sum(amount) FILTER (WHERE direction = 'CREDIT') AS credits
                      FROM ledger.postings GROUP BY account_code) AS sums ON sums.account_code = account.code
        WHERE account.debits_posted <> coalesce(sums.debits, 0) OR account.credits_posted <> coalesce(sums.credits, 0)
        ORDER BY account.code`,
    );
  }

  /** Entries whose postings do not balance or have fewer than two legs (empty when sound). */
  unbalancedEntries(db: TransactionClient = this.prisma): Promise<UnbalancedEntry[]> {
    return db.$queryRawUnsafe<UnbalancedEntry[]>(
      `SELECT entry.id AS "entryId",
              coalesce(sum(posting.amount) FILTER (WHERE posting.direction = 'DEBIT'), 0)::text AS debits,
              coalesce(sum(posting.amount) FILTER (WHERE posting.direction = 'CREDIT'), 0)::text AS credits
         FROM ledger.journal_entries AS entry
         LEFT JOIN ledger.postings AS posting ON posting.entry_id = entry.id
        GROUP BY entry.id
       HAVING coalesce(sum(posting.amount) FILTER (WHERE posting.direction = 'DEBIT'), 0)
                <> coalesce(sum(posting.amount) FILTER (WHERE posting.direction = 'CREDIT'), 0)
           OR count(posting.entry_id) < 2
        ORDER BY entry.id`,
    );
  }
}

export interface TotalsMismatch {
  code: string;
  debitsPosted: string;
  debitsFromPostings: string;
  creditsPosted: string;
  creditsFromPostings: string;
}

export interface UnbalancedEntry {
  entryId: string;
  debits: string;
  credits: string;
}

/** A stored entry as the hash chain sees it. */
export function toChainedEntry(row: EntryRow): ChainedEntry {
  return {
    sequence: row.sequence,
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    description: row.description,
    effectiveDate: toDateString(row.effectiveDate),
    reversesEntryId: row.reversesEntryId,
    correlationId: row.correlationId,
    postedAt: row.postedAt.toISOString(),
    postings: row.postings.map((posting) => ({
      position: posting.position,
      accountCode: posting.accountCode,
      direction: posting.direction as Direction,
      amount: posting.amount.toFixed(2),
    })),
    previousHash: row.previousHash,
    hash: row.hash,
  };
}
