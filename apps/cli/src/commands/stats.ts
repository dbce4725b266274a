// ipledger stats: the annual statistics, or one breakdown, as a table, CSV or XLSX.
import type { AnnualStatisticsResponse, BreakdownResponse } from '@ipledger/contracts';
import { formatWanYuan, formatYiYuan, Money } from '@ipledger/money';
import { connect, type ConnectionOptions } from '../connection';
import { UsageError } from '../errors';
import type { Io } from '../io';
import type { BreakdownBy, StatsFormat } from '../options';
import { renderCsv, renderTable, type Table } from '../render';

export interface StatsOptions {
  year: number;
  by?: BreakdownBy;
  format: StatsFormat;
  out?: string;
}

export const STATS_DEFAULT_USER = 'he.xin';

export function statsPath(options: Pick<StatsOptions, 'year' | 'by'>, format: 'json' | 'csv' | 'xlsx'): string {
  const query = new URLSearchParams({ year: String(options.year), ...(options.by === undefined ? {} : { by: options.by }), format });
  return `/api/statistics/${options.by === undefined ? 'annual' : 'breakdown'}?${query}`;
}

export async function statsCommand(options: StatsOptions, connection: ConnectionOptions, io: Io): Promise<void> {
  if (options.format === 'xlsx' && options.out === undefined)
    throw new UsageError('--format xlsx needs --out <file> (a spreadsheet is not written to the terminal)');
  const { api, user } = connect(connection, io, STATS_DEFAULT_USER);
  const what = `read the ${options.by === undefined ? 'annual statistics' : `breakdown by ${options.by}`} of ${options.year}`;
  if (options.format === 'csv' || options.format === 'xlsx') {
    const { bytes } = await api.download(user, statsPath(options, options.format), what);
    if (options.out === undefined) io.stdout.write(bytes);
    else {
      io.writeFile(options.out, bytes);
      io.stderr.write(`wrote ${options.out} (${options.format}, ${bytes.length} bytes)\n`);
    }
    return;
  }
  const table =
    options.by === undefined
      ? annualTable(await api.expect<AnnualStatisticsResponse>(200, user, 'GET', statsPath(options, 'json'), undefined, what))
      : breakdownTable(await api.expect<BreakdownResponse>(200, user, 'GET', statsPath(options, 'json'), undefined, what));
  const text = `${table.title}\n\n${renderTable(table)}${table.footer === undefined ? '' : `\n${table.footer}\n`}`;
  if (options.out === undefined) io.stdout.write(text);
  else {
    io.writeFile(options.out, text);
    io.stderr.write(`wrote ${options.out}\n`);
  }
}

const wan = (yuan: string) => formatWanYuan(Money.of(yuan));
const yi = (yuan: string) => formatYiYuan(Money.of(yuan), 4);
const percent = (value: string | null) => (value === null ? '—' : `${value} %`);

export function annualTable(stats: AnnualStatisticsResponse): Table & { title: string; footer?: string } {
  return {
    title: `知识产权运营统计 ${stats.year} (IP monetisation statistics)`,
    headers: ['category', '类别', 'count', 'amount (元)', '万元', '亿元', 'growth'],
    alignRight: [2, 3, 4, 5, 6],
    rows: [
      ...stats.categories.map((row) => [
        row.category,
        row.label,
        row.count,
        row.amount.yuan,
        wan(row.amount.yuan),
        yi(row.amount.yuan),
        percent(row.growthPercent),
      ]),
      ['total', '合计', stats.count, stats.total.yuan, wan(stats.total.yuan), yi(stats.total.yuan), percent(stats.growthPercent)],
    ],
    footer: [
      `target ${yi(stats.target.yuan)}: ${stats.targetProgressPercent} % reached`,
      `doubling goal (base year ${stats.baseYear}) ${yi(stats.doublingGoal.yuan)}: ${stats.doublingProgressPercent} % reached`,
      `loans disbursed ${stats.loans.disbursed}, defaulted ${stats.loans.defaulted} (${percent(stats.loans.defaultRatePercent)})`,
      `compensation approved ${wan(stats.compensation.approved.yuan)}, paid ${wan(stats.compensation.paid.yuan)}, recovered ${wan(stats.compensation.recovered.yuan)}`,
    ].join('\n'),
  };
}

export function breakdownTable(stats: BreakdownResponse): Table & { title: string; footer?: string } {
  return {
    title: `知识产权运营统计 ${stats.year} by ${stats.by}`,
    headers: [stats.by, 'label', 'count', 'amount (元)', '万元', '亿元'],
    alignRight: [2, 3, 4, 5],
    rows: [
      ...stats.rows.map((row) => [row.key, row.label, row.count, row.amount.yuan, wan(row.amount.yuan), yi(row.amount.yuan)]),
      ['total', '合计', stats.rows.reduce((sum, row) => sum + row.count, 0), stats.total.yuan, wan(stats.total.yuan), yi(stats.total.yuan)],
    ],
  };
}

export { renderCsv };
