// The ledger's own invariants, read straight from its tables: every entry balances, accounts'
// running totals equal the sums of their postings, total debits equal total credits, sequences run
// 1..N without a gap, each entry links to the previous one's hash and the chain head is the last
// entry; then `ipledger ledger verify` (its command code, in-process) recomputes every hash and
// checks the signed checkpoints with the ledger's public key.
import pg from 'pg';
import { ledgerVerifyCommand } from '../../../apps/cli/src/commands/ledger-verify';
import type { Io } from '../../../apps/cli/src/io';

export interface LedgerFigures {
  entries: number;
  postings: number;
  accounts: number;
  totalDebits: string;
  totalCredits: string;
  /** What `ipledger ledger verify` said. */
  verified: string;
}

export interface LedgerCheck {
  problems: string[];
  figures: LedgerFigures;
}

const ZERO_HASH = '0'.repeat(64);

/** `ipledger ledger verify` against the database: its output line, and whether it verified. */
export async function verifyLedger(databaseUrl: string, publicKey: string): Promise<{ ok: boolean; output: string }> {
  let output = '';
  const io: Io = {
    stdout: { write: (text) => (output += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
    stderr: { write: (text) => (output += text) },
    env: { IPLEDGER_LEDGER_PUBLIC_KEY: publicKey },
    writeFile: () => {
      throw new Error('ledger verify writes no file');
    },
  };
  try {
    await ledgerVerifyCommand({ databaseUrl }, io);
    return { ok: true, output: output.trim() };
  } catch (error) {
    return { ok: false, output: `${output.trim()} ${(error as Error).message}`.trim() };
  }
}

export async function checkLedger(databaseUrl: string, publicKey?: string): Promise<LedgerCheck> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const problems: string[] = [];
    const one = async <T>(sql: string): Promise<T> => (await client.query(sql)).rows[0] as T;
    const all = async <T>(sql: string): Promise<T[]> => (await client.query(sql)).rows as T[];

    const unbalanced = await all<{ id: string; debits: string; credits: string }>(`
      SELECT e.id, COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0)::text AS debits,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)::text AS credits
      FROM ledger.journal_entries e LEFT JOIN ledger.postings p ON p.entry_id = e.id
      GROUP BY e.id
      HAVING COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0) <> COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
          OR COUNT(p.*) < 2`);
    for (const entry of unbalanced.slice(0, 5))
      problems.push(`entry ${entry.id} does not balance: debits ${entry.debits}, credits ${entry.credits}`);
    if (unbalanced.length > 5) problems.push(`… and ${unbalanced.length - 5} more unbalanced entries`);

    const directions = await all<{ direction: string }>(`SELECT DISTINCT direction FROM ledger.postings`);
    const unknown = directions.filter((row) => row.direction !== 'DEBIT' && row.direction !== 'CREDIT');
    if (unknown.length > 0) problems.push(`postings with unknown directions: ${unknown.map((row) => row.direction).join(', ')}`);

    const drifted = await all<{ code: string; debits_posted: string; credits_posted: string; debits: string; credits: string }>(`
      SELECT a.code, a.debits_posted::text, a.credits_posted::text,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0)::text AS debits,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)::text AS credits
      FROM ledger.accounts a LEFT JOIN ledger.postings p ON p.account_code = a.code
      GROUP BY a.code
      HAVING a.debits_posted <> COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0)
          OR a.credits_posted <> COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)`);
    for (const account of drifted.slice(0, 5)) {
      problems.push(
        `account ${account.code}: running totals ${account.debits_posted}/${account.credits_posted} differ from its postings ${account.debits}/${account.credits}`,
      );
    }

    const totals = await one<{ debits: string; credits: string; postings: string }>(`
      SELECT COALESCE(SUM(amount) FILTER (WHERE direction = 'DEBIT'), 0)::text AS debits,
             COALESCE(SUM(amount) FILTER (WHERE direction = 'CREDIT'), 0)::text AS credits, COUNT(*)::text AS postings
      FROM ledger.postings`);
    if (totals.debits !== totals.credits) problems.push(`total debits ${totals.debits} differ from total credits ${totals.credits}`);

    const sequences = await one<{ n: string; min: string | null; max: string | null; distinct: string }>(`
      SELECT COUNT(*)::text AS n, MIN(sequence)::text AS min, MAX(sequence)::text AS max, COUNT(DISTINCT sequence)::text AS distinct
      FROM ledger.journal_entries`);
    const n = Number(sequences.n);
    if (n > 0 && (sequences.min !== '1' || sequences.max !== String(n) || sequences.distinct !== String(n))) {
      problems.push(`sequences are not 1..${n} without gaps (min ${sequences.min}, max ${sequences.max}, distinct ${sequences.distinct})`);
    }

    const broken = await all<{ sequence: string; previous_hash: string; expected: string | null }>(`
      SELECT e.sequence::text, e.previous_hash, prev.hash AS expected
      FROM ledger.journal_entries e LEFT JOIN ledger.journal_entries prev ON prev.sequence = e.sequence - 1
      WHERE e.previous_hash IS DISTINCT FROM COALESCE(prev.hash, CASE WHEN e.sequence = 1 THEN '${ZERO_HASH}' END)`);
    for (const link of broken.slice(0, 5))
      problems.push(`entry #${link.sequence} links to ${link.previous_hash}, the entry before has ${link.expected ?? 'no hash'}`);

    const head = await one<{ sequence: string; hash: string } | undefined>(
      `SELECT sequence::text, hash FROM ledger.chain_head WHERE id = 1`,
    );
    const last = await one<{ sequence: string; hash: string } | undefined>(
      `SELECT e.sequence::text AS sequence, e.hash FROM ledger.journal_entries e ORDER BY e.sequence DESC LIMIT 1`,
    );
    const expectedHead = last ?? { sequence: '0', hash: ZERO_HASH };
    if (head === undefined || head.sequence !== expectedHead.sequence || head.hash !== expectedHead.hash) {
      problems.push(`chain head ${head?.sequence}/${head?.hash} is not the last entry ${expectedHead.sequence}/${expectedHead.hash}`);
    }

    const accounts = await one<{ n: string }>(`SELECT COUNT(*)::text AS n FROM ledger.accounts`);
    let verified = 'not run (no public key)';
    if (publicKey !== undefined) {
      const verification = await verifyLedger(databaseUrl, publicKey);
      verified = verification.output;
      if (!verification.ok) problems.push(`ipledger ledger verify: ${verification.output}`);
    }
    return {
      problems,
      figures: {
        entries: n,
        postings: Number(totals.postings),
        accounts: Number(accounts.n),
        totalDebits: totals.debits,
        totalCredits: totals.credits,
        verified,
      },
    };
  } finally {
    await client.end();
  }
}
