// ipledger ledger balances: accounts with their debits, credits and balance.
import type { AccountResponse } from '@ipledger/contracts';
import { formatWanYuan, Money } from '@ipledger/money';
import { connect, type ConnectionOptions } from '../connection';
import type { Io } from '../io';
import type { LedgerFormat } from '../options';
import { renderCsv, renderTable, type Table } from '../render';

export interface BalancesOptions {
  account?: string;
  format: LedgerFormat;
  out?: string;
}

export const LEDGER_DEFAULT_USER = 'wang.fang';

export function balancesTable(accounts: readonly AccountResponse[], format: LedgerFormat): Table {
  const sorted = [...accounts].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const debits = Money.sum(sorted.map((account) => Money.of(account.debitsPosted)));
  const credits = Money.sum(sorted.map((account) => Money.of(account.creditsPosted)));
  const rows = sorted.map((account) => [
    account.code,
    account.type,
    account.debitsPosted,
    account.creditsPosted,
    account.balance,
    formatWanYuan(Money.of(account.balance)),
  ]);
  return {
    headers: ['account', 'type', 'debits', 'credits', 'balance', '万元'],
    alignRight: [2, 3, 4, 5],
    rows: format === 'table' ? [...rows, [`total (${sorted.length} accounts)`, '', debits.toString(), credits.toString(), '', '']] : rows,
  };
}

export async function balancesCommand(options: BalancesOptions, connection: ConnectionOptions, io: Io): Promise<void> {
  const { api, user } = connect(connection, io, LEDGER_DEFAULT_USER);
  const query = options.account === undefined ? '' : `?${new URLSearchParams({ prefix: options.account })}`;
  const accounts = await api.expect<{ items: AccountResponse[] }>(
    200,
    user,
    'GET',
    `/api/ledger/accounts${query}`,
    undefined,
    'list the ledger accounts',
  );
  const table = balancesTable(accounts.items, options.format);
  const text =
    options.format === 'csv'
      ? renderCsv(table)
      : accounts.items.length === 0
        ? `no accounts${options.account === undefined ? '' : ` starting with ${options.account}`}\n`
        : renderTable(table);
  if (options.out === undefined) io.stdout.write(text);
  else {
    io.writeFile(options.out, text);
    io.stderr.write(`wrote ${options.out}\n`);
  }
}
