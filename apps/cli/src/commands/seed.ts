// ipledger seed: a realistic multi-year workload through the real APIs, deterministic per --seed.
import { Money } from '@ipledger/money';
import { SingleBar } from 'cli-progress';
import { connect, type ConnectionOptions } from '../connection';
import type { Io } from '../io';
import { renderTable } from '../render';
import { todayInChina } from '../seed/dates';
import { planSeed, type SeedPlan } from '../seed/plan';
import {
  APPRAISER_USER,
  BUREAU_APPROVER_USER,
  BUREAU_USER,
  publishPolicy,
  publishSubsidyScheme,
  runPlan,
  type SeedProgress,
  type YearSummary,
} from '../seed/run';

export interface SeedCommandOptions {
  years: number;
  scale: number;
  seed: number;
  concurrency: number;
  today?: string;
  dryRun?: boolean;
}

export async function seedCommand(options: SeedCommandOptions, connection: ConnectionOptions, io: Io): Promise<void> {
  const today = options.today ?? todayInChina();
  const plan = planSeed({ seed: options.seed, years: options.years, scale: options.scale, today });
  io.stderr.write(
    `seed ${options.seed}: ${plan.loans.length} loans and ${plan.deals.length} deals over ${plan.years.join(', ')} (scale ${options.scale}, today ${today})\n`,
  );
  if (options.dryRun === true) {
    io.stdout.write(JSON.stringify(plan, null, 2) + '\n');
    return;
  }
  const { api } = connect(connection, io, BUREAU_USER);
  // Log in as everyone first: a wrong password fails before anything is written.
  for (const user of ['li.wei', 'zhao.min', APPRAISER_USER, BUREAU_USER, BUREAU_APPROVER_USER]) await api.login(user);
  const policy = await publishPolicy(api);
  io.stderr.write(`compensation policy ${policy.id} ${policy.created ? 'published' : 'already in force'}\n`);
  const scheme = await publishSubsidyScheme(api);
  io.stderr.write(`subsidy scheme ${scheme.id} ${scheme.created ? 'published' : 'already in force'}\n`);
  const summary = await runPlan(api, plan, options.concurrency, progressFor(io), undefined, scheme.id);
  io.stdout.write(renderSummary(plan, summary));
}

function progressFor(io: Io): SeedProgress {
  if (io.stderr.isTTY === true) {
    const bar = new SingleBar({
      format: 'seeding [{bar}] {value}/{total} {what}',
      stream: io.stderr as NodeJS.WritableStream,
      hideCursor: true,
    });
    return {
      start: (total) => bar.start(total, 0, { what: '' }),
      tick: (what) => bar.increment(1, { what }),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  let total = 0;
  return {
    start: (count) => {
      total = count;
    },
    tick: (what) => {
      done++;
      io.stderr.write(`seeding ${done}/${total}: ${what}\n`);
    },
    stop: () => undefined,
  };
}

export function renderSummary(plan: SeedPlan, summary: Map<number, YearSummary>): string {
  const years = [...summary.values()];
  const rows = years.map((year) => [
    year.year,
    year.loans,
    year.principal.toString(),
    year.repayments,
    year.defaults,
    year.claimsPaid,
    year.fundPaid.toString(),
    `${year.subsidiesPaid} / ${year.subsidyPaid}`,
    year.disposals,
    `${year.deals.licensing.count} / ${year.deals.licensing.amount}`,
    `${year.deals.transfer.count} / ${year.deals.transfer.amount}`,
    `${year.deals['capital-contribution'].count} / ${year.deals['capital-contribution'].amount}`,
    year.reversals,
  ]);
  const total = Money.sum(
    years.flatMap((year) => [
      year.principal,
      year.deals.licensing.amount,
      year.deals.transfer.amount,
      year.deals['capital-contribution'].amount,
    ]),
  );
  return (
    '\nseeded:\n' +
    renderTable({
      headers: [
        'year',
        'loans',
        'principal',
        'repayments',
        'defaults',
        'claims paid',
        'fund paid',
        'subsidies paid',
        'disposals',
        'licensing',
        'transfer',
        'capital contribution',
        'reversed',
      ],
      alignRight: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      rows,
    }) +
    `deals are shown as count / amount (元), reversed deals left out; ${plan.loans.length} loans and ${plan.deals.length} deals in all, ${total} 元 counted toward the target\n`
  );
}
