// The web console in a real browser (Debian's Chromium driven by playwright-core) against the whole
// system: the bank submits an application through the form (first seeing the API's own validation
// message for a wrong USCC), the bureau registers it from its queue, and the statistician sees the
// year's total move after a recorded deal and downloads an XLSX whose total equals the API's.
// Screenshots (1280×800) go to test-artifacts/screenshots/ only (ignored by git): the README's
// docs/images/console-dashboard.png is updated by hand from there when the dashboard changes.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { pollUntil } from '@ipledger/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BANK, BUREAU, E2E_DEMO_PASSWORD, startSystem, type RunningSystem } from './support/scenario';
import type { ActingAs } from './support/api-client';
import { licensingDealRequest } from './support/deals';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.IPLEDGER_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
/** The page's sessionStorage, typed here without the DOM library (the console's CSP forbids evaluating strings). */
type InPage = { sessionStorage: { setItem(key: string, value: string): void } };
const STATISTICIAN: ActingAs = { orgId: 'stats-cq', role: 'statistician', username: 'he.xin' };

interface StatAmount {
  yuan: string;
}
interface Annual {
  total: StatAmount;
  count: number;
}

/** The console must be built before the gateway starts: build it if `npm test`'s bootstrap did not. */
function ensureConsoleBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'apps', 'console', 'dist', 'index.html'))) return;
  execFileSync('npm', ['run', '--silent', 'build:console'], { cwd: ROOT, stdio: 'inherit' });
}

function ensureArtifactsFolder(): void {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Test output, never committed.
  fs.writeFileSync(path.join(ARTIFACTS, '.gitignore'), '*\n');
}

describe('the web console in a browser', () => {
  let sut: RunningSystem;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set IPLEDGER_CHROMIUM); .ci/run installs it`,
      );
    }
    ensureConsoleBuilt();
    ensureArtifactsFolder();
    sut = await startSystem('e2e-console');
    baseUrl = sut.services.gatewayUrl.replace(/\/$/, '');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.stop();
  });

  /** A fresh browser session (its own sessionStorage) logged in through the login page. */
  async function loggedIn(username: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text())) problems.push(message.text());
    });
    (page as Page & { problems?: string[] }).problems = problems;
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', E2E_DEMO_PASSWORD);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    return page;
  }

  function problemsOf(page: Page): string[] {
    return (page as Page & { problems?: string[] }).problems ?? [];
  }

  async function screenshot(page: Page, name: string): Promise<string> {
    const file = path.join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  test('the base URL serves the console with a CSP, the API and the landing document as before', async () => {
    const html = await fetch(`${baseUrl}/bank/apply`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const body = await html.text();
    expect(body).toContain('<div id="app">');
    expect(body).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    const landing = await fetch(`${baseUrl}/`, { headers: { accept: 'application/json' } });
    expect(await landing.json()).toMatchObject({ name: 'iPledger', docs: '/docs' });
    expect((await fetch(`${baseUrl}/api/pledges`)).status).toBe(401);
  });

  test('a wrong password stays on the login page; an invalid token returns to it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=username]', 'li.wei');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('form.login .error');
    expect(await page.textContent('form.login .error')).toContain('用户名或密码错误');
    const forged = JSON.stringify({
      accessToken: 'forged',
      role: 'bank',
      orgId: 'bank-cq-rural',
      subject: 'li.wei',
      expiresAt: Date.now() + 60_000,
    });
    await page.evaluate((value) => (globalThis as unknown as InPage).sessionStorage.setItem('ipledger.console.session', value), forged);
    await page.goto(`${baseUrl}/bank/pledges`);
    await page.waitForSelector('form.login');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  let pledgeId: string;

  test('the bank submits an application through the form, after the API’s message for a wrong USCC', async () => {
    const page = await loggedIn(BANK.username);
    expect(new URL(page.url()).pathname).toBe('/bank/apply');
    await page.fill('[data-field="pledgor.name"]', '重庆示例新材料有限公司');
    await page.fill('[data-field="pledgor.uscc"]', '91500112MA5U3X5DIO');
    await page.fill('[data-field="ipItems[0].number"]', '202310123456.6');
    await page.fill('[data-field="ipItems[0].title"]', '一种工业机器人关节减速器');
    await page.fill('[data-field="requestedLoanAmount"]', '3000000');
    await page.fill('[data-field="termMonths"]', '12');
    await page.fill('[data-field="districtCode"]', '500112');
    await page.click('[data-testid=submit-application]');
    const shown = await page.waitForSelector('[data-testid="field-error-pledgor.uscc"]');
    // The very message the API gives for the same application.
    const api = await sut.api.as(BANK).post<{ error: { details: { field: string; rule: string }[] } }>('/api/pledges', {
      pledgor: { uscc: '91500112MA5U3X5DIO', name: '重庆示例新材料有限公司' },
      ipItems: [{ ipType: 'invention-patent', number: '201910884346.5' }],
      requestedLoanAmount: '3000000.00',
      termMonths: 12,
      districtCode: '500112',
      appraiserOrgId: 'appraiser-cq-huaxin',
    });
    expect(api.status).toBe(400);
    const rule = api.body.error.details.find((detail) => detail.field === 'pledgor.uscc')?.rule;
    expect(rule).toBeDefined();
    expect(await shown.textContent()).toBe(rule);
    await screenshot(page, 'bank-application-validation');

    await page.fill('[data-field="pledgor.uscc"]', '91500112MA5U3X5D27');
    await page.click('[data-testid=submit-application]');
    const notice = await page.waitForSelector('[data-testid=notice]');
    const text = (await notice.textContent()) ?? '';
    const found = /申请已提交：(\S+?)，/.exec(text);
    expect(found).not.toBeNull();
    pledgeId = found![1]!;
    await screenshot(page, 'bank-application-submitted');

    const pledge = await sut.api.as(BANK).get<{ status: string; requestedLoanAmount: string }>(`/api/pledges/${pledgeId}`);
    expect(pledge.body).toMatchObject({ status: 'SUBMITTED', requestedLoanAmount: '3000000.00' });

    await page.click('nav a[href="/bank/pledges"]');
    await page.waitForSelector(`[data-testid=bank-pledges] >> text=${pledgeId}`);
    await screenshot(page, 'bank-pledges');
    for (const [href, name] of [
      ['/bank/loans', 'bank-loans'],
      ['/bank/claims', 'bank-claims'],
    ] as const) {
      await page.click(`nav a[href="${href}"]`);
      await page.waitForSelector('.loading', { state: 'detached' });
      expect(await page.$('[data-testid=error]')).toBeNull();
      await screenshot(page, name);
    }
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });

  test('the bureau registers it from the queue with a registration number', async () => {
    expect(pledgeId).toBeDefined();
    const page = await loggedIn(BUREAU.username);
    expect(new URL(page.url()).pathname).toBe('/bureau/pledges');
    await page.waitForSelector(`[data-testid="register-${pledgeId}"]`);
    await screenshot(page, 'bureau-registration-queue');
    await page.fill(`[data-testid="registration-number-${pledgeId}"]`, '渝知质登字2026第0815号');
    await page.click(`[data-testid="register-${pledgeId}"] button[type=submit]`);
    await page.waitForSelector(`[data-testid=notice] >> text=${pledgeId}`);
    const pledge = await sut.api.as(BUREAU).get<{ status: string; registrationNumber: string }>(`/api/pledges/${pledgeId}`);
    expect(pledge.body).toMatchObject({ status: 'REGISTERED', registrationNumber: '渝知质登字2026第0815号' });
    await page.waitForSelector(`[data-testid=registered-list] >> text=${pledgeId}`);
    expect(await page.$(`[data-testid="register-${pledgeId}"]`)).toBeNull();
    await screenshot(page, 'bureau-registered');
    // The pledge's page shows its whole history: who did what, when, in words.
    await page.click(`[data-testid=registered-list] a[href="/bureau/pledges/${pledgeId}"]`);
    await page.waitForSelector('[data-testid=pledge-history] >> text=质押登记');
    const history = await page.textContent('[data-testid=pledge-history]');
    expect(history).toContain('提交申请');
    expect(history).toContain('登记号 渝知质登字2026第0815号');
    expect(await page.textContent('[data-testid=registration-versions]')).toContain('渝知质登字2026第0815号');
    await screenshot(page, 'bureau-pledge-history');
    await page.goBack();
    for (const [href, name] of [
      ['/bureau/claims', 'bureau-claims'],
      ['/bureau/policies', 'bureau-policies'],
      ['/bureau/calendar', 'bureau-calendar'],
      ['/bureau/audit', 'bureau-audit'],
    ] as const) {
      await page.click(`nav a[href="${href}"]`);
      await page.waitForSelector('.loading', { state: 'detached' });
      expect(await page.$('[data-testid=error]')).toBeNull();
      await screenshot(page, name);
    }
    // The audit log shows the registration, by whom.
    await page.waitForSelector(`[data-testid=audit] >> text=${pledgeId}`);
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });

  test('the bureau reads a claim: the step-by-step computation and who prepared and who approved it', async () => {
    // The demo data (scripts/demo-data.ts, as `npm start` loads it) has a claimed, approved and paid loan.
    await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'scripts', 'demo-data.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'),
        IPLEDGER_BASE_URL: baseUrl,
        IPLEDGER_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
      },
      timeout: 150_000,
    });
    const claims = await sut.api.as(BUREAU).get<{
      items: {
        id: string;
        status: string;
        preparation: { preparedByUserId: string | null } | null;
        decision: { decidedByUserId: string | null } | null;
      }[];
    }>('/api/claims');
    const decided = claims.body.items.find((claim) => claim.decision !== null);
    expect(decided).toBeDefined();

    const page = await loggedIn(BUREAU.username);
    await page.click('nav a[href="/bureau/claims"]');
    await page.click(`[data-testid=claims] a[href="/bureau/claims/${decided!.id}"]`);
    await page.waitForSelector('[data-testid=computation]');
    expect(new URL(page.url()).pathname).toBe(`/bureau/claims/${decided!.id}`);
    const checker = (await page.textContent('[data-testid=checker]')) ?? '';
    expect(checker).toContain(decided!.decision!.decidedByUserId ?? 'bureau-cq');
    if (decided!.preparation !== null)
      expect(await page.textContent('[data-testid=maker]')).toContain(decided!.preparation.preparedByUserId ?? 'bureau-cq');
    expect(await page.textContent('[data-testid=computation]')).toContain('核定补偿金额');
    await screenshot(page, 'bureau-claim-computation');
    // A client route loaded directly (index.html fallback) shows the same page.
    await page.goto(`${baseUrl}/bureau/claims/${decided!.id}`);
    await page.waitForSelector('[data-testid=computation]');
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  }, 180_000);

  // Needs the statistics service (GET /api/statistics/*, POST /api/deals).
  test('the statistician sees the total change after a deal and downloads an XLSX with the API’s total', async () => {
    const year = new Date().getFullYear();
    const annual = async () => {
      const answer = await sut.api.as(STATISTICIAN).get<Annual>(`/api/statistics/annual?year=${year}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    // Some of the year's deals first, so the dashboard (and the README's picture of it) has a trend.
    const thisMonth = new Date(Date.now() + 8 * 3600_000).getUTCMonth() + 1;
    const earlier = await annual();
    const background = [
      ['licensing', 1, '500103', '186000000.00'],
      ['transfer', 2, '500112', '92000000.00'],
      ['capital-contribution', 3, '500106', '143500000.00'],
      ['licensing', 4, '500108', '210000000.00'],
      ['transfer', 6, '500112', '168000000.00'],
      ['licensing', 8, '500103', '254000000.00'],
      ['capital-contribution', 9, '500112', '121000000.00'],
    ].filter(([, month]) => Number(month) <= thisMonth);
    for (const [kind, month, districtCode, amount] of background) {
      const recorded = await sut.api.as(BUREAU).post('/api/deals', {
        kind,
        ipItems: [{ ipType: 'invention-patent', number: '201910884346.5' }],
        from: { uscc: '91500112MA5U3X5D27', name: '重庆示例新材料有限公司' },
        to: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
        amount,
        contractDate: `${year}-${String(month).padStart(2, '0')}-15`,
        districtCode,
        industry: 'C',
      });
      expect(recorded.status).toBe(201);
    }
    const before = await pollUntil(
      async () => {
        const current = await annual();
        return current.count >= earlier.count + background.length ? current : undefined;
      },
      { intervalMs: 250, description: 'the background deals in the annual total' },
    );
    const page = await loggedIn(STATISTICIAN.username);
    expect(new URL(page.url()).pathname).toBe('/stats');
    const totalShown = async () => page.getAttribute('[data-testid=stat-total]', 'data-yuan', { timeout: 15_000 });
    expect(await totalShown()).toBe(before.total.yuan);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const deal = await sut.api
      .as(BUREAU)
      .post<{ id: string }>('/api/deals', licensingDealRequest({ amount: '12500000.00', contractDate: today }));
    expect(deal.status).toBe(201);
    const after = await pollUntil(
      async () => {
        const current = await annual();
        return current.total.yuan !== before.total.yuan ? current : undefined;
      },
      { intervalMs: 250, description: 'the deal in the annual total' },
    );
    await page.reload();
    await page.waitForSelector('[data-testid=stat-total]');
    expect(await totalShown()).toBe(after.total.yuan);
    await page.waitForSelector('.loading', { state: 'detached' });
    // Every chart drawn: ECharts' "finished" event marks each one (apps/console/src/charts.ts).
    await page.waitForSelector('[data-testid=monthly-chart][data-rendered]');
    await page.waitForSelector('.chart:not([data-rendered])', { state: 'detached' });
    await screenshot(page, 'statistics-dashboard');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-annual-xlsx]')]);
    const file = path.join(ARTIFACTS, `annual-${year}.xlsx`);
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const totals: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        if (String(row.getCell(1).value).trim() === '合计') totals.push(Number(row.getCell(3).value).toFixed(2));
      }),
    );
    expect(totals[0]).toBe(after.total.yuan);
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });
});
