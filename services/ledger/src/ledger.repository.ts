// The ledger schema: what is stored and how it is read. Writing an entry is raw SQL in the
// handler's transaction because it needs row locks (Prisma has no SELECT … FOR UPDATE); reads go
// through the Prisma models. The rules of posting (balance, sequence, hash, the event) are
// journal-poster.ts's: this file stores what it is given.
import { Inject, Injectable } from '@nestjs/common';
import { moneyOfStored } from '@ipledger/db';
import type { Prisma, PrismaClient, TransactionClient } from './database';
import { PRISMA } from '@ipledger/service-kit';
import type { AccountTotals } from './domain/balances';
import type { AccountSpec, AccountType, Direction } from './domain/chart-of-accounts';
import type { ChainedEntry, ChainHead } from '@ipledger/ledger-proof';
import { Money } from '@ipledger/money';
import {
  entryWithPostings,
  toLedgerAccount,
  toPostedEntry,
  type LedgerAccount,
  type LedgerTotals,
  type PostedEntry,
} from './ledger-records';

export class LedgerCorruptionError extends Error {
  constructor(message: string) {
    super(`ledger state is inconsistent: ${message}`);
    this.name = 'LedgerCorruptionError';
  }
}

/** An account as stored, locked for a posting: its kind as the row says it, and its running totals (two-decimal strings). */
export interface StoredAccount extends AccountTotals {
  type: AccountType;
}

interface LockedAccountRow {
  code: string;
  type: string;
  normal_side: string;
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
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  // ── posting (journal-poster.ts decides; these store) ─────────────────────────────────────────

  /** The ids of the entries `eventIds` were posted as, by event id (events not posted are absent). */
  async findEntryIdsOfEvents(tx: TransactionClient, eventIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await tx.$queryRawUnsafe<{ event_id: string; id: string }[]>(
      `SELECT event_id::text, id FROM ledger.journal_entries WHERE event_id = ANY($1::uuid[])`,
      eventIds,
    );
    return new Map(rows.map((row) => [row.event_id, row.id]));
  }

  /** Which of `codes` are open accounts. */
  async openAccountCodes(tx: TransactionClient, codes: readonly string[]): Promise<Set<string>> {
    const rows = await tx.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM ledger.accounts WHERE code = ANY($1::text[])`, codes);
    return new Set(rows.map((row) => row.code));
  }

  /** Opens accounts that do not exist yet, in code order; an open account is left as it is. */
  async openAccounts(tx: TransactionClient, specs: readonly AccountSpec[]): Promise<void> {
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

  /** SELECT … FOR UPDATE in code order (byte order, as JavaScript sorts): the lock order every posting keeps. */
  async lockAccounts(tx: TransactionClient, codes: readonly string[]): Promise<StoredAccount[]> {
    const rows = await tx.$queryRawUnsafe<LockedAccountRow[]>(
      `SELECT code, type, normal_side, allow_negative,
              debits_posted::text AS debits_posted, credits_posted::text AS credits_posted
         FROM ledger.accounts WHERE code = ANY($1::text[])
        ORDER BY code COLLATE "C" FOR UPDATE`,
      codes,
    );
    return rows.map((row) => ({
      code: row.code,
      type: row.type as AccountType,
      normalSide: row.normal_side as Direction,
      allowNegative: row.allow_negative,
      debitsPosted: row.debits_posted,
      creditsPosted: row.credits_posted,
    }));
  }

  /** The chain head, locked: taken before the accounts, by every posting. */
  async lockChainHead(tx: TransactionClient): Promise<ChainHead> {
    const rows = await tx.$queryRawUnsafe<{ sequence: string; hash: string }[]>(
      `SELECT sequence::text AS sequence, hash FROM ledger.chain_head WHERE id = 1 FOR UPDATE`,
    );
    if (rows.length !== 1) throw new LedgerCorruptionError('the chain head row (id 1) is missing; the migration inserts it');
    return { sequence: BigInt(rows[0].sequence), hash: rows[0].hash };
  }

  /** The chain head's new values (under the lock lockChainHead took). */
  async moveChainHead(tx: TransactionClient, head: ChainHead): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE ledger.chain_head SET sequence = $1::bigint, hash = $2 WHERE id = 1`,
      head.sequence.toString(),
      head.hash,
    );
  }

  /** Inserts entries (in sequence order) and all their postings: a statement each. */
  async insertEntries(tx: TransactionClient, entries: readonly ChainedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(pick: (entry: ChainedEntry) => T) => entries.map(pick);
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger.journal_entries
         (id, sequence, event_id, event_type, description, effective_date, reverses_entry_id, correlation_id, previous_hash, hash, posted_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::timestamptz[])`,
      column((entry) => entry.id),
      column((entry) => entry.sequence.toString()),
      column((entry) => entry.eventId),
      column((entry) => entry.eventType),
      column((entry) => entry.description),
      column((entry) => entry.effectiveDate),
      column((entry) => entry.reversesEntryId),
      column((entry) => entry.correlationId),
      column((entry) => entry.previousHash),
      column((entry) => entry.hash),
      column((entry) => entry.postedAt),
    );
    const postings = entries.flatMap((entry) => entry.postings.map((posting) => ({ entryId: entry.id, ...posting })));
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger.postings (entry_id, position, account_code, direction, amount)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::numeric[])`,
      postings.map((posting) => posting.entryId),
      postings.map((posting) => posting.position),
      postings.map((posting) => posting.accountCode),
      postings.map((posting) => posting.direction),
      postings.map((posting) => posting.amount),
    );
  }

  /** Writes the totals computed under lock from the locked values. */
  async updateTotals(tx: TransactionClient, accounts: readonly AccountTotals[]): Promise<void> {
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

  // ── reads (domain records: ledger-records.ts) ──────────────────────────────────────────────────

  async findAccount(code: string): Promise<LedgerAccount | null> {
    const row = await this.prisma.ledgerAccount.findUnique({ where: { code } });
    return row === null ? null : toLedgerAccount(row);
  }

  /** `codePrefixes` null means every account; an empty list means none. */
  async listAccounts(filter: {
    partyType?: string;
    partyId?: string;
    prefix?: string;
    codePrefixes: readonly string[] | null;
  }): Promise<LedgerAccount[]> {
    if (filter.codePrefixes?.length === 0) return [];
    const where: Prisma.LedgerAccountWhereInput[] = [];
    if (filter.partyType) where.push({ partyType: filter.partyType });
    if (filter.partyId) where.push({ partyId: filter.partyId });
    if (filter.prefix) where.push({ code: { startsWith: likePrefix(filter.prefix) } });
    if (filter.codePrefixes) where.push({ OR: filter.codePrefixes.map((prefix) => ({ code: { startsWith: likePrefix(prefix) } })) });
    const rows = await this.prisma.ledgerAccount.findMany({ where: { AND: where }, orderBy: { code: 'asc' } });
    return rows.map(toLedgerAccount);
  }

  async findEntry(id: string): Promise<PostedEntry | null> {
    const row = await this.prisma.journalEntry.findUnique({ where: { id }, include: entryWithPostings });
    return row === null ? null : toPostedEntry(row);
  }

  /** Entries in sequence order after `afterSequence` (up to `throughSequence`), optionally only those touching `accountCode`. */
  async listEntries(
    options: { afterSequence: bigint; throughSequence?: bigint; limit: number; accountCode?: string },
    db: TransactionClient = this.prisma,
  ): Promise<PostedEntry[]> {
    const rows = await db.journalEntry.findMany({
      where: {
        sequence: { gt: options.afterSequence, ...(options.throughSequence === undefined ? {} : { lte: options.throughSequence }) },
        ...(options.accountCode ? { postings: { some: { accountCode: options.accountCode } } } : {}),
      },
      orderBy: { sequence: 'asc' },
      take: options.limit,
      include: entryWithPostings,
    });
    return rows.map(toPostedEntry);
  }

  async chainHead(db: TransactionClient = this.prisma): Promise<ChainHead> {
    const head = await db.ledgerChainHead.findUnique({ where: { id: 1 } });
    if (!head) throw new LedgerCorruptionError('the chain head row (id 1) is missing; the migration inserts it');
    return { sequence: head.sequence, hash: head.hash };
  }

  async totals(): Promise<LedgerTotals> {
    const sums = await this.prisma.ledgerAccount.aggregate({ _sum: { debitsPosted: true, creditsPosted: true }, _count: { _all: true } });
    return {
      totalDebits: sums._sum.debitsPosted === null ? Money.zero() : moneyOfStored(sums._sum.debitsPosted),
      totalCredits: sums._sum.creditsPosted === null ? Money.zero() : moneyOfStored(sums._sum.creditsPosted),
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
export function toChainedEntry(entry: PostedEntry): ChainedEntry {
  return {
    sequence: entry.sequence,
    id: entry.id,
    eventId: entry.eventId,
    eventType: entry.eventType,
    description: entry.description,
    effectiveDate: entry.effectiveDate,
    reversesEntryId: entry.reversesEntryId,
    correlationId: entry.correlationId,
    postedAt: entry.postedAt.toISOString(),
    postings: entry.postings.map((posting) => ({
      position: posting.position,
      accountCode: posting.accountCode,
      direction: posting.direction,
      amount: posting.amount.toString(),
    })),
    previousHash: entry.previousHash,
    hash: entry.hash,
  };
}
