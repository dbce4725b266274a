// The CLI without a server: argument parsing and validation, exit codes, rendering, the PRNG and
// the seed plan; the API is a stub fetch.
import { Money } from '@ipledger/money';
import { validatePatentNumber, validateUscc } from '@ipledger/identifiers';
import { balancesTable } from './commands/ledger';
import { annualTable, statsPath } from './commands/stats';
import { EXIT } from './errors';
import type { Io } from './io';
import { createRandom, mulberry32 } from './prng';
import { run } from './program';
import { BOM, renderCsv, renderTable } from './render';
import { planSeed, yearsOf } from './seed/plan';

interface Captured {
  io: Io;
  stdout: () => string;
  stderr: () => string;
  files: Map<string, string | Uint8Array>;
  requests: string[];
}

function capture(responder: (url: string, init: RequestInit) => Response = () => new Response('{}', { status: 500 })): Captured {
  let out = '';
  let err = '';
  const files = new Map<string, string | Uint8Array>();
  const requests: string[] = [];
  const io: Io = {
    stdout: { write: (text) => (out += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
    stderr: { write: (text) => (err += text) },
    env: {},
    writeFile: (path, data) => files.set(path, data),
    fetch: (async (input: string | URL, init: RequestInit = {}) => {
      const url = String(input);
      requests.push(`${init.method} ${new URL(url).pathname}${new URL(url).search}`);
      return responder(url, init);
    }) as typeof fetch,
  };
  return { io, stdout: () => out, stderr: () => err, files, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const amount = (yuan: string) => ({ yuan, wan: '', yi: '' });

const annual = {
  year: 2025,
  categories: [
    { category: 'licensing', label: '许可', count: 2, amount: amount('150000.05'), previousAmount: amount('0.00'), growthPercent: null },
    {
      category: 'pledge-financing',
      label: '质押融资',
      count: 3,
      amount: amount('123456789.12'),
      previousAmount: amount('0.00'),
      growthPercent: '12.50',
    },
  ],
  total: amount('123606789.17'),
  count: 5,
  growthPercent: null,
  target: amount('10000000000.00'),
  targetProgressPercent: '1.24',
  baseYear: 2024,
  doublingGoal: amount('0.00'),
  doublingProgressPercent: '0.00',
  pledges: { applications: 3, registrations: 3, medianDaysToRegistration: 2, p90DaysToRegistration: 5 },
  loans: { disbursed: 3, defaulted: 0, defaultRatePercent: '0.00' },
  compensation: {
    approved: amount('0.00'),
    paid: amount('0.00'),
    recovered: amount('0.00'),
    budgetAppropriated: amount('0.00'),
    budgetUsed: amount('0.00'),
  },
};

function api(url: string, init: RequestInit): Response {
  const path = new URL(url).pathname;
  if (path === '/api/auth/login') {
    const body = JSON.parse(String(init.body)) as { password: string };
    return body.password === 'right'
      ? json(200, { accessToken: 'token', tokenType: 'Bearer', expiresIn: 900 })
      : json(401, { error: { status: 401, code: 'unauthenticated', message: 'wrong username or password' } });
  }
  if (path === '/api/statistics/annual' && url.includes('format=json')) return json(200, annual);
  if (path === '/api/statistics/annual' && url.includes('format=csv'))
    return new Response(`${BOM}category,amount\r\nlicensing,150000.05\r\n`, { status: 200 });
  if (path === '/api/statistics/breakdown')
    return json(400, {
      error: { status: 400, code: 'validation-failed', message: 'invalid query', details: [{ field: 'year', rule: 'no data' }] },
    });
  if (path === '/api/ledger/accounts')
    return json(200, {
      items: [
        {
          code: 'fund:p1:cash',
          type: 'asset',
          normalSide: 'debit',
          partyType: 'fund',
          partyId: 'p1',
          debitsPosted: '10000000.00',
          creditsPosted: '400000.01',
          balance: '9599999.99',
        },
        {
          code: 'bank:b:loans',
          type: 'asset',
          normalSide: 'debit',
          partyType: 'bank',
          partyId: 'b',
          debitsPosted: '0.10',
          creditsPosted: '0.20',
          balance: '-0.10',
        },
      ],
    });
  return json(404, { error: { status: 404, code: 'not-found', message: 'no route' } });
}

describe('arguments and exit codes', () => {
  it.each([
    [['stats'], "required option '--year <year>' not specified"],
    [['stats', '--year', 'abc'], "option '--year <year>' argument 'abc' is invalid"],
    [['stats', '--year', '1999'], 'an integer from 2000 to 2100'],
    [
      ['stats', '--year', '2025', '--by', 'colour'],
      "option '--by <breakdown>' argument 'colour' is invalid. must be one of category, district, bank, ip-type, industry",
    ],
    [['stats', '--year', '2025', '--format', 'pdf'], "option '--format <format>' argument 'pdf' is invalid"],
    [['stats', '--year', '2025', '--format', 'xlsx', '--password', 'right'], '--format xlsx needs --out'],
    [['seed', '--scale', '0'], "option '--scale <n>' argument '0' is invalid"],
    [['seed', '--years', 'three'], "option '--years <n>'"],
    [['seed', '--today', '2025-02-30'], "option '--today <date>'"],
    [['ledger', 'balances', '--format', 'xlsx'], "option '--format <format>' argument 'xlsx' is invalid"],
    [['stats', '--year', '2025', '--bogus'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['--base-url', 'ftp://x', 'stats', '--year', '2025'], "option '--base-url <url>' argument 'ftp://x' is invalid"],
    [['stats', '--year', '2025'], 'no password'],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const cli = capture();
    expect(await run(args, cli.io)).toBe(EXIT.usage);
    expect(cli.stderr()).toContain(message);
    expect(cli.requests).toEqual([]);
  });

  it('prints the usage line with a bad argument', async () => {
    const cli = capture();
    await run(['stats', '--year', 'x'], cli.io);
    expect(cli.stderr()).toContain('usage: ipledger stats [options]');
  });

  it.each([[['--help']], [['stats', '--help']], [['seed', '--help']], [['ledger', 'balances', '--help']], [['ledger', '--help']]])(
    '%j shows help and exits 0',
    async (args) => {
      const cli = capture();
      expect(await run(args, cli.io)).toBe(EXIT.ok);
      expect(cli.stdout()).toContain('Usage: ipledger');
      expect(cli.stdout()).toContain('Exit codes: 0 ok');
    },
  );

  it('exits 2 with the help when no command is given', async () => {
    const cli = capture();
    expect(await run([], cli.io)).toBe(EXIT.usage);
    expect(await run(['ledger'], capture().io)).toBe(EXIT.usage);
  });

  it('exits 3 when the login is refused', async () => {
    const cli = capture(api);
    expect(await run(['stats', '--year', '2025', '--password', 'wrong'], cli.io)).toBe(EXIT.authentication);
    expect(cli.stderr()).toContain('could not log in as he.xin (401 unauthenticated: wrong username or password)');
  });

  it('exits 4 with the code, message and details when the API refuses', async () => {
    const cli = capture(api);
    expect(await run(['stats', '--year', '2025', '--by', 'bank', '--password', 'right'], cli.io)).toBe(EXIT.refused);
    expect(cli.stderr()).toContain('the API refused (400 validation-failed): invalid query');
    expect(cli.stderr()).toContain('year: no data');
  });

  it('exits 1 when the API cannot be reached (retries off)', async () => {
    const cli = capture(() => {
      throw new TypeError('fetch failed');
    });
    expect(await run(['ledger', 'balances', '--password', 'right', '--retry-for', '0'], cli.io)).toBe(EXIT.failure);
    expect(cli.stderr()).toContain('cannot reach the API at http://127.0.0.1:3000');
  });

  it('takes the base URL, user and password from the environment', async () => {
    const cli = capture(api);
    cli.io.env = { IPLEDGER_BASE_URL: 'http://api.example:8080', IPLEDGER_USERNAME: 'wang.fang', IPLEDGER_PASSWORD: 'right' };
    expect(await run(['stats', '--year', '2025'], cli.io)).toBe(EXIT.ok);
    expect(cli.requests).toEqual(['POST /api/auth/login', 'GET /api/statistics/annual?year=2025&format=json']);
  });
});

describe('stats', () => {
  it('renders the annual table with 万元 and 亿元 and exact yuan', async () => {
    const cli = capture(api);
    expect(await run(['stats', '--year', '2025', '--password', 'right'], cli.io)).toBe(EXIT.ok);
    expect(cli.stdout()).toContain('123456789.12');
    expect(cli.stdout()).toContain('12,345.68 万元');
    expect(cli.stdout()).toContain('1.2346 亿元');
    expect(cli.stdout()).toContain('12.50 %');
  });

  it('writes the CSV download to --out as it came', async () => {
    const cli = capture(api);
    expect(await run(['stats', '--year', '2025', '--format', 'csv', '--out', '/tmp/x.csv', '--password', 'right'], cli.io)).toBe(EXIT.ok);
    const written = Buffer.from(cli.files.get('/tmp/x.csv') as Uint8Array).toString('utf8');
    expect(written.startsWith(BOM)).toBe(true);
    expect(written).toContain('licensing,150000.05');
  });

  it('asks for the breakdown with its query', () => {
    expect(statsPath({ year: 2026, by: 'ip-type' }, 'xlsx')).toBe('/api/statistics/breakdown?year=2026&by=ip-type&format=xlsx');
    expect(statsPath({ year: 2026 }, 'json')).toBe('/api/statistics/annual?year=2026&format=json');
  });

  it('has a total row equal to the response total', () => {
    const table = annualTable(annual as never);
    expect(table.rows[table.rows.length - 1].slice(0, 4)).toEqual(['total', '合计', 5, '123606789.17']);
  });
});

describe('ledger balances', () => {
  it('lists accounts sorted with exact totals', async () => {
    const cli = capture(api);
    expect(await run(['ledger', 'balances', '--account', 'fund:', '--password', 'right'], cli.io)).toBe(EXIT.ok);
    expect(cli.requests[1]).toBe('GET /api/ledger/accounts?prefix=fund%3A');
    const lines = cli.stdout().split('\n');
    expect(lines[0]).toMatch(/^account\s+type\s+debits\s+credits\s+balance\s+万元$/);
    expect(lines[2]).toMatch(/^bank:b:loans\s+asset\s+0\.10\s+0\.20\s+-0\.10/);
    expect(cli.stdout()).toMatch(/total \(2 accounts\)\s+10000000\.10\s+400000\.21/);
  });

  it('writes CSV to a file', async () => {
    const cli = capture(api);
    expect(await run(['ledger', 'balances', '--format', 'csv', '--out', 'b.csv', '--password', 'right'], cli.io)).toBe(EXIT.ok);
    expect(cli.files.get('b.csv')).toBe(
      `${BOM}account,type,debits,credits,balance,万元\r\nbank:b:loans,asset,0.10,0.20,-0.10,0.00 万元\r\nfund:p1:cash,asset,10000000.00,400000.01,9599999.99,960.00 万元\r\n`,
    );
  });

  it('shows no totals row in CSV', () => {
    expect(balancesTable([], 'csv').rows).toEqual([]);
  });
});

describe('rendering', () => {
  it('aligns columns by display width, CJK counting double', () => {
    expect(
      renderTable({
        headers: ['a', 'amount'],
        rows: [
          ['许可', '1.00'],
          ['x', '100.00'],
        ],
        alignRight: [1],
      }),
    ).toBe('a     amount\n----  ------\n许可    1.00\nx     100.00\n');
  });

  it('quotes CSV cells that need it', () => {
    expect(
      renderCsv({
        headers: ['a', 'b'],
        rows: [
          ['x,y', 'say "hi"'],
          ['line\nbreak', 3],
        ],
      }),
    ).toBe(`${BOM}a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n`);
  });
});

describe('the PRNG and the seed plan', () => {
  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(Array.from({ length: 5 }, mulberry32(8))).not.toEqual(first);
  });

  it('int stays in its bounds', () => {
    const random = createRandom(1);
    const values = Array.from({ length: 1000 }, () => random.int(3, 5));
    expect(new Set(values)).toEqual(new Set([3, 4, 5]));
  });

  it('plans the same workload for the same seed, another for another seed', () => {
    const options = { seed: 7, years: 2, scale: 1, today: '2026-11-23' };
    expect(planSeed(options)).toEqual(planSeed(options));
    expect(planSeed({ ...options, seed: 8 })).not.toEqual(planSeed(options));
  });

  it('ends the years this year, or last year early in the year', () => {
    expect(yearsOf({ years: 3, today: '2026-11-23' })).toEqual([2024, 2025, 2026]);
    expect(yearsOf({ years: 2, today: '2026-01-15' })).toEqual([2024, 2025]);
  });

  it('plans valid identifiers, amounts within the limits, and every pledge loan registered and disbursed today', () => {
    const today = '2026-11-23';
    const plan = planSeed({ seed: 7, years: 3, scale: 2, today });
    expect(plan.years).toEqual([2024, 2025, 2026]);
    expect(plan.loans.length).toBeGreaterThanOrEqual(48);
    expect(plan.deals.length).toBeGreaterThanOrEqual(72);
    for (const loan of plan.loans) {
      expect(validateUscc(loan.pledgor.uscc).ok).toBe(true);
      for (const item of loan.ipItems) if (item.ipType !== 'trademark') expect(validatePatentNumber(item.number).ok).toBe(true);
      // The server dates the registration (today) and nothing may precede the registration it follows.
      expect([loan.valuationDate, loan.disbursedOn, loan.year]).toEqual([today, today, 2026]);
      expect(loan.validUntil > today).toBe(true);
      const limit = { 'invention-patent': '0.25', 'utility-model': '0.15', 'design-patent': '0.15', trademark: '0.50' }[
        loan.ipItems[0].ipType as 'trademark'
      ];
      expect(Money.of(loan.principal).lte(Money.of(loan.appraisedValue).times(limit))).toBe(true);
      const repaid = Money.sum(loan.repayments.map((repayment) => Money.of(repayment.principalAmount)));
      expect(repaid.lt(Money.of(loan.principal))).toBe(true);
      for (const repayment of loan.repayments) expect(repayment.repaidOn).toBe(today);
      if (loan.default !== undefined) {
        expect(loan.default.defaultedOn).toBe(today);
        if (loan.default.claim.disposal !== undefined) expect(loan.default.claim.disposal.disposedOn).toBe(today);
      }
    }
    expect(plan.loans.filter((loan) => loan.default !== undefined).length).toBeGreaterThanOrEqual(2);
    // Early in a year the deals end last year, and the loans (today) still count in this one.
    const spring = planSeed({ seed: 7, years: 2, scale: 1, today: '2026-01-15' });
    expect(spring.years).toEqual([2024, 2025, 2026]);
    expect(spring.loans.every((loan) => loan.year === 2026)).toBe(true);
    expect(plan.deals.some((deal) => deal.reversal !== undefined)).toBe(true);
    for (const deal of plan.deals) {
      expect(deal.contractDate <= today && deal.contractDate.startsWith(String(deal.year))).toBe(true);
      expect(validateUscc(deal.from.uscc).ok && validateUscc(deal.to.uscc).ok).toBe(true);
    }
    // A long tail: the largest loan is many times the median.
    const principals = plan.loans.map((loan) => Number(loan.principal)).sort((a, b) => a - b);
    expect(principals[principals.length - 1]).toBeGreaterThan(3 * principals[Math.floor(principals.length / 2)]);
  });
});
