// The `ipledger` CLI against the whole system, as a user runs it: `seed` loads two years of deals
// (with reversals) and a day of pledge loans (repayments, defaults, claims, payouts, disposals: all
// today, as registrations are dated by the server) through the gateway; then the statistics must equal the sum of the source records and of the ledger, exact
// to the fen, and the files `stats` writes must say the same. Bad arguments exit 2, a wrong
// password exits 3.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnnualStatisticsResponse, DealResponse, JournalEntryResponse, LoanResponse } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { pollUntil } from '@ipledger/testing';
import ExcelJS from 'exceljs';
import type { ActingAs } from './support/api-client';
import { BANK, BUREAU, E2E_DEMO_PASSWORD, OTHER_BANK, startSystem, type RunningSystem } from './support/scenario';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'apps/cli/bin/ipledger.mjs');
const STATISTICIAN: ActingAs = { orgId: 'stats-cq', role: 'statistician', username: 'he.xin' };
const DEAL_KINDS = ['licensing', 'transfer', 'capital-contribution'] as const;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('ipledger CLI: statistics reconcile with the source records and the ledger', () => {
  let sut: RunningSystem;
  let workdir: string;

  beforeAll(async () => {
    sut = await startSystem('e2e-reconciliation');
    workdir = mkdtempSync(path.join(tmpdir(), 'ipledger-cli-'));
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
    if (workdir !== undefined) rmSync(workdir, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: workdir,
        env: {
          PATH: process.env.PATH ?? '',
          IPLEDGER_BASE_URL: sut.services.gatewayUrl,
          IPLEDGER_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const sum = (amounts: readonly string[]) => Money.sum(amounts.map((amount) => Money.of(amount))).toString();

  async function loansOf(bank: ActingAs): Promise<LoanResponse[]> {
    const answer = await sut.api.as(bank).get<{ items: LoanResponse[] }>('/api/loans?limit=200');
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeLessThan(200);
    return answer.body.items;
  }

  async function ledgerEntries(): Promise<JournalEntryResponse[]> {
    const entries: JournalEntryResponse[] = [];
    for (let after = ''; ;) {
      const page = await sut.api
        .as(BUREAU)
        .get<{ items: JournalEntryResponse[] }>(`/api/ledger/entries?limit=500${after === '' ? '' : `&afterSequence=${after}`}`);
      expect(page.status).toBe(200);
      entries.push(...page.body.items);
      if (page.body.items.length < 500) return entries;
      after = page.body.items[page.body.items.length - 1].sequence;
    }
  }

  it('refuses bad arguments with exit 2, naming the argument', async () => {
    const badYear = await cli(['stats', '--year', 'twenty']);
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toContain("option '--year <year>' argument 'twenty' is invalid");
    expect(badYear.stderr).toContain('usage: ipledger stats');

    const badScale = await cli(['seed', '--scale', '-3']);
    expect(badScale.code).toBe(2);
    expect(badScale.stderr).toContain('--scale');

    const badBy = await cli(['stats', '--year', '2025', '--by', 'planet']);
    expect(badBy.code).toBe(2);
    expect(badBy.stderr).toContain("'--by <breakdown>' argument 'planet' is invalid");

    const noOut = await cli(['stats', '--year', '2025', '--format', 'xlsx']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out');
  });

  it('exits 3 on a wrong password', async () => {
    const wrong = await cli(['ledger', 'balances'], { IPLEDGER_DEMO_PASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('could not log in as wang.fang');
  });

  it('seeds two years of deals and a day of loans, and the statistics equal the loans, the ledger and the deals, exact to the fen', async () => {
    const seeded = await cli(['seed', '--years', '2', '--scale', '1', '--seed', '7', '--concurrency', '6']);
    if (seeded.code !== 0) throw new Error(`seed failed (${seeded.code}):\n${seeded.stderr}\n${seeded.stdout}`);
    expect(seeded.stdout).toContain('seeded:');
    const currentYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    // Deals over the two years (last year's and the one before, early in a year); every pledge loan today.
    const dealYears =
      new Date(Date.now() + 8 * 3_600_000).toISOString().slice(5, 10) >= '03-01'
        ? [currentYear - 1, currentYear]
        : [currentYear - 2, currentYear - 1];
    const years = [...new Set([...dealYears, currentYear])];

    const loans = [...(await loansOf(BANK)), ...(await loansOf(OTHER_BANK))];
    expect(loans.length).toBeGreaterThanOrEqual(16);
    expect(loans.some((loan) => loan.status === 'DEFAULTED' || loan.closeReason === 'recovery-settled')).toBe(true);

    // The ledger posts asynchronously: wait until it has every disbursement.
    const disbursements = await pollUntil(
      async () => {
        const entries = (await ledgerEntries()).filter((entry) => entry.eventType === 'LoanDisbursed');
        return entries.length === loans.length ? entries : undefined;
      },
      { description: 'the ledger to post every disbursement', timeoutMs: 60_000 },
    );

    const deals = await sut.api.as(BUREAU).get<{ items: DealResponse[] }>('/api/deals?limit=500');
    expect(deals.status).toBe(200);
    expect(deals.body.items.some((deal) => deal.status === 'REVERSED')).toBe(true);

    for (const year of years) {
      const inYear = (date: string) => date.startsWith(`${year}-`);
      const loanTotal = sum(loans.filter((loan) => inYear(loan.disbursedOn)).map((loan) => loan.principal));
      const ledgerTotal = sum(
        disbursements
          .filter((entry) => inYear(entry.effectiveDate))
          .flatMap((entry) => entry.postings.filter((posting) => posting.direction === 'DEBIT').map((posting) => posting.amount)),
      );
      expect(ledgerTotal).toBe(loanTotal);
      expect(Money.of(loanTotal).isPositive()).toBe(year === currentYear);
      const expected: Record<string, string> = { 'pledge-financing': loanTotal };
      for (const kind of DEAL_KINDS) {
        expected[kind] = sum(
          deals.body.items
            .filter((deal) => deal.kind === kind && deal.status === 'RECORDED' && inYear(deal.contractDate))
            .map((deal) => deal.amount),
        );
      }

      // The statistics consume the same events: wait until they have caught up, then compare exactly.
      const annual = await pollUntil(
        async () => {
          const answer = await sut.api.as(STATISTICIAN).get<AnnualStatisticsResponse>(`/api/statistics/annual?year=${year}`);
          if (answer.status !== 200)
            throw new Error(`GET /api/statistics/annual?year=${year}: ${answer.status} ${JSON.stringify(answer.body)}`);
          const seen = Object.fromEntries(answer.body.categories.map((row) => [row.category, row.amount.yuan]));
          if (Object.entries(expected).every(([category, amount]) => seen[category] === amount)) return answer.body;
          throw new Error(`the statistics say ${JSON.stringify(seen)}`);
        },
        { description: `the statistics of ${year} to equal ${JSON.stringify(expected)}`, timeoutMs: 60_000 },
      );
      expect(Object.fromEntries(annual.categories.map((row) => [row.category, row.amount.yuan]))).toEqual(expected);
      expect(annual.total.yuan).toBe(sum(Object.values(expected)));

      // The files the CLI writes say the same.
      const csvFile = path.join(workdir, `stats-${year}.csv`);
      const csv = await cli(['stats', '--year', String(year), '--format', 'csv', '--out', csvFile]);
      expect(csv.code).toBe(0);
      const text = readFileSync(csvFile, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      for (const [category, amount] of Object.entries(expected)) {
        expect(
          text
            .split(/\r?\n/)
            .some((line) =>
              line.includes(category) || line.includes(annual.categories.find((row) => row.category === category)?.label ?? category)
                ? line.includes(amount)
                : false,
            ),
        ).toBe(true);
      }

      const xlsxFile = path.join(workdir, `stats-${year}.xlsx`);
      const xlsx = await cli(['stats', '--year', String(year), '--format', 'xlsx', '--out', xlsxFile]);
      expect(xlsx.code).toBe(0);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsxFile);
      const cells: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            const value = cell.value;
            cells.push(typeof value === 'number' ? value.toFixed(2) : String(value));
          }),
        ),
      );
      for (const amount of Object.values(expected)) expect(cells).toContain(amount);

      // And the table shows the exact yuan with 万元 and 亿元.
      const table = await cli(['stats', '--year', String(year)]);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain(loanTotal);
      expect(table.stdout).toContain('万元');
    }

    const balances = await cli(['ledger', 'balances', '--account', 'fund:']);
    expect(balances.code).toBe(0);
    expect(balances.stdout).toContain('fund:');
  }, 600_000); // about 150 s in a fresh-clone CI run with every suite at once, over 180 s on a busier machine (2026-12-07)
});
