// Posting journal entries: the ledger's rules applied in order, around a repository that only
// stores. Once per event id (the entry's idempotency key); each draft must balance
// (domain/journal-entry.ts); an entry that builds on a posting from another topic waits for it;
// the chain head is locked first, then the accounts are opened from the chart and locked in code
// order (every posting takes its locks in that one order, so concurrent postings queue instead of
// deadlocking); the balance rules (domain/balances.ts) decide the new totals, entry by entry; the
// chain (domain/journal-chain.ts) gives each entry its sequence number and hash; and
// JournalEntryPosted is appended to the outbox in the same transaction. A batch of drafts (the
// consumer's batch, ledger-batch.consumer.ts) is posted the same way with each lock taken and each
// row written once; one draft is a batch of one.
import { Inject, Injectable } from '@nestjs/common';
import type { ChainedEntry } from '@ipledger/ledger-proof';
import { AwaitingFactError, type Outbox } from '@ipledger/messaging';
import { newId, OUTBOX } from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { applyPostings, type AccountTotals } from './domain/balances';
import { describeAccount, type AccountSpec } from './domain/chart-of-accounts';
import { chainEntry } from './domain/journal-chain';
import { assertPostable, type JournalEntryDraft } from './domain/journal-entry';
import { LedgerCorruptionError, LedgerRepository, type StoredAccount } from './ledger.repository';

/** Who the ledger acts as when it emits events of its own. */
export const LEDGER_ACTOR = { orgId: 'ipledger-ledger', role: 'system', userId: null } as const;

export type PostingOutcome = { status: 'posted'; entry: ChainedEntry } | { status: 'already-posted'; entryId: string };

@Injectable()
export class JournalPoster {
  constructor(
    private readonly repository: LedgerRepository,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Posts `draft` in `tx` unless its event was posted before. `clock` is the server's (tests may fix it). */
  async post(tx: TransactionClient, draft: JournalEntryDraft, clock: () => Date = () => new Date()): Promise<PostingOutcome> {
    const [outcome] = await this.postAll(tx, [draft], clock);
    return outcome;
  }

  /**
   * Posts `drafts` in `tx`, in their order, each unless its event was posted before: the chain head
   * locked and moved once, every touched account opened, locked and updated once, entries,
   * postings and their JournalEntryPosted events inserted a statement each. The balance rules are
   * applied entry by entry, so an entry is judged on the totals the earlier ones left; any refusal
   * throws and nothing of the batch stays.
   */
  async postAll(
    tx: TransactionClient,
    drafts: readonly JournalEntryDraft[],
    clock: () => Date = () => new Date(),
  ): Promise<PostingOutcome[]> {
    drafts.forEach(assertPostable);
    const posted = await this.repository.findEntryIdsOfEvents(
      tx,
      drafts.map((draft) => draft.eventId),
    );
    const fresh: JournalEntryDraft[] = [];
    const outcomes: Array<PostingOutcome | JournalEntryDraft> = drafts.map((draft) => {
      const entryId = posted.get(draft.eventId);
      if (entryId !== undefined) return { status: 'already-posted', entryId };
      if (fresh.some((earlier) => earlier.eventId === draft.eventId)) {
        throw new Error(`event ${draft.eventId} is twice in one batch of postings; the consumer's inbox lets each through once`);
      }
      fresh.push(draft);
      return draft;
    });
    if (fresh.length === 0) return outcomes as PostingOutcome[];
    await this.assertEarlierPostingsPresent(tx, fresh);

    const head = await this.repository.lockChainHead(tx);
    const specs = [...new Set(fresh.flatMap((draft) => draft.postings.map((posting) => posting.accountCode)))].sort().map(describeAccount);
    await this.repository.openAccounts(tx, specs);
    const stored = await this.repository.lockAccounts(
      tx,
      specs.map((spec) => spec.code),
    );
    const totals = new Map(specs.map((spec) => [spec.code, asCharted(spec, stored)]));
    const entries: ChainedEntry[] = [];
    let previous = head;
    for (const draft of fresh) {
      const touched = [...new Set(draft.postings.map((posting) => posting.accountCode))].map((code) => lockedTotals(totals, code));
      for (const account of applyPostings(touched, draft)) totals.set(account.code, account);
      const entry = chainEntry(previous, draft, { id: newId('journalEntry'), postedAt: clock() });
      entries.push(entry);
      previous = { sequence: entry.sequence, hash: entry.hash };
    }

    await this.repository.insertEntries(tx, entries);
    await this.repository.updateTotals(tx, [...totals.values()]);
    await this.repository.moveChainHead(tx, previous);
    await this.outbox.appendAll(
      tx,
      entries.map((entry, index) => ({
        type: 'JournalEntryPosted' as const,
        payload: {
          entryId: entry.id,
          sequence: entry.sequence.toString(),
          sourceEventId: entry.eventId,
          sourceEventType: entry.eventType,
          effectiveDate: entry.effectiveDate,
          postings: fresh[index].postings.map(({ accountCode, direction, amount }) => ({ accountCode, direction, amount })),
          hash: entry.hash,
        },
        actor: LEDGER_ACTOR,
        correlationId: fresh[index].correlationId,
        causationId: fresh[index].eventId,
      })),
    );
    const chained = new Map(entries.map((entry) => [entry.eventId, entry]));
    return outcomes.map((outcome) => ('status' in outcome ? outcome : { status: 'posted', entry: chainedEntryOf(chained, outcome) }));
  }

  /**
   * Throws AwaitingFactError while a posting the draft builds on (from another topic) is not in
   * the ledger yet: an account exists only once a posting has opened it. The consumer pauses the
   * partition and tries again, instead of refusing an event that has merely arrived first.
   */
  private async assertEarlierPostingsPresent(tx: TransactionClient, drafts: readonly JournalEntryDraft[]): Promise<void> {
    const needed = drafts.flatMap((draft) => draft.buildsOn ?? []);
    if (needed.length === 0) return;
    const open = await this.repository.openAccountCodes(
      tx,
      needed.map((earlier) => earlier.accountCode),
    );
    for (const draft of drafts) {
      const missing = (draft.buildsOn ?? []).find((earlier) => !open.has(earlier.accountCode));
      if (missing) {
        throw new AwaitingFactError(
          missing.event,
          `${draft.eventType} ${draft.eventId} waits for ${missing.event}: account ${missing.accountCode} has no postings yet`,
        );
      }
      // A later entry of the batch may build on an account this one opens.
      for (const posting of draft.postings) open.add(posting.accountCode);
    }
  }
}

/** The locked account's totals, once it is certain the stored account is the one the chart describes. */
function asCharted(spec: AccountSpec, stored: readonly StoredAccount[]): AccountTotals {
  const account = stored.find((candidate) => candidate.code === spec.code);
  if (!account) throw new LedgerCorruptionError(`account ${spec.code} was opened but cannot be read`);
  if (account.type !== spec.type || account.normalSide !== spec.normalSide || account.allowNegative !== spec.allowNegative) {
    throw new LedgerCorruptionError(
      `account ${spec.code} is stored as ${account.type}/${account.normalSide}/allowNegative=${account.allowNegative}, the chart says ${spec.type}/${spec.normalSide}/allowNegative=${spec.allowNegative}`,
    );
  }
  return {
    code: account.code,
    normalSide: account.normalSide,
    allowNegative: account.allowNegative,
    debitsPosted: account.debitsPosted,
    creditsPosted: account.creditsPosted,
  };
}

/** The running totals of an account the batch locked. */
function lockedTotals(totals: ReadonlyMap<string, AccountTotals>, code: string): AccountTotals {
  const account = totals.get(code);
  if (!account) throw new LedgerCorruptionError(`account ${code} was not locked for the batch`);
  return account;
}

/** The entry chained for a fresh draft of the batch. */
function chainedEntryOf(chained: ReadonlyMap<string, ChainedEntry>, draft: JournalEntryDraft): ChainedEntry {
  const entry = chained.get(draft.eventId);
  if (!entry) throw new LedgerCorruptionError(`no entry was chained for event ${draft.eventId}`);
  return entry;
}
