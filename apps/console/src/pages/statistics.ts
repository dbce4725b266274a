// 统计: progress toward the city's 100亿元 target, monthly trend, breakdowns, the fund's budget,
// projection and warnings, with CSV / XLSX downloads. Each panel loads on its own: one failing
// answer shows its error and leaves the others.
import { download, get } from '../api';
import { chart } from '../charts';
import { clear, h, table } from '../dom';
import { money, percent, thousands, toWan } from '../format';
import { card, errorBox, load } from '../ui';

interface StatAmount {
  yuan: string;
  wan: string;
  yi: string;
}
interface Annual {
  year: number;
  categories: {
    category: string;
    label: string;
    count: number;
    amount: StatAmount;
    previousAmount: StatAmount;
    growthPercent: string | null;
  }[];
  total: StatAmount;
  count: number;
  growthPercent: string | null;
  target: StatAmount;
  targetProgressPercent: string;
  baseYear: number;
  doublingGoal: StatAmount;
  doublingProgressPercent: string;
  pledges: { applications: number; registrations: number; medianDaysToRegistration: number | null; p90DaysToRegistration: number | null };
  loans: { disbursed: number; defaulted: number; defaultRatePercent: string | null };
  compensation: { approved: StatAmount; paid: StatAmount; recovered: StatAmount; budgetAppropriated: StatAmount; budgetUsed: StatAmount };
}
interface Breakdown {
  rows: { key: string; label: string; count: number; amount: StatAmount }[];
  total: StatAmount;
}
interface Monthly {
  rows: {
    month: number;
    licensing: StatAmount;
    transfer: StatAmount;
    capitalContribution: StatAmount;
    pledgeFinancing: StatAmount;
    total: StatAmount;
  }[];
}
interface Projection {
  throughMonth: number;
  yearToDate: StatAmount;
  projected: StatAmount;
  method: 'same-month-share' | 'linear';
  historicalSharePercent: string | null;
  yearsUsed: number[];
  target: StatAmount;
  warnings: { code: string; message: string }[];
}

const CATEGORY_SERIES: [keyof Omit<Monthly['rows'][number], 'month' | 'total'>, string][] = [
  ['licensing', '许可'],
  ['transfer', '转让'],
  ['capitalContribution', '出资入股'],
  ['pledgeFinancing', '质押融资'],
];

function exportButtons(kind: string, year: number, extra = ''): HTMLElement {
  const message = h('span', { class: 'inline-error' });
  const button = (format: 'csv' | 'xlsx') =>
    h(
      'button',
      {
        class: 'secondary small',
        'data-testid': `export-${kind}-${format}`,
        onclick: async () => {
          message.textContent = '';
          try {
            await download(`/api/statistics/${kind}?year=${year}${extra}&format=${format}`, `statistics-${kind}-${year}.${format}`);
          } catch (error) {
            clear(message);
            message.appendChild(errorBox(error));
          }
        },
      },
      `导出 ${format.toUpperCase()}`,
    );
  return h('span', { class: 'exports' }, button('csv'), button('xlsx'), message);
}

export function statisticsPage(main: HTMLElement, year = new Date().getFullYear()): void {
  const yearSelect = h(
    'select',
    {
      'data-testid': 'year',
      onchange: () => {
        clear(main);
        statisticsPage(main, Number(yearSelect.value));
      },
    },
    Array.from({ length: 6 }, (_unused, index) => year + 1 - index).map((option) =>
      h('option', { value: option, selected: option === year }, `${option} 年`),
    ),
  );
  const summary = h('div', { class: 'grid' });
  const monthly = h('div');
  const breakdowns = h('div', { class: 'grid two' });
  const projection = h('div');
  main.append(
    h('div', { class: 'page-title' }, h('h2', {}, '知识产权运营统计'), yearSelect, exportButtons('annual', year)),
    summary,
    card('月度趋势（万元）', exportButtons('monthly', year), monthly),
    breakdowns,
    card('年末预测与预警', exportButtons('projection', year), projection),
  );
  void load(summary, async () => annualPanels(await get<Annual>(`/api/statistics/annual?year=${year}`)));
  void load(monthly, async () => monthlyPanel(await get<Monthly>(`/api/statistics/monthly?year=${year}`)));
  for (const [by, title] of [
    ['district', '按区县'],
    ['bank', '按银行（质押融资）'],
  ] as const) {
    const body = h('div');
    breakdowns.appendChild(card(`${title}`, exportButtons('breakdown', year, `&by=${by}`), body));
    void load(body, async () => breakdownPanel(await get<Breakdown>(`/api/statistics/breakdown?year=${year}&by=${by}`), by));
  }
  void load(projection, async () => projectionPanel(await get<Projection>(`/api/statistics/projection?year=${year}`)));
}

function annualPanels(annual: Annual): Node[] {
  const progress = Number(annual.targetProgressPercent);
  const gauge = chart(
    {
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          splitNumber: 5,
          progress: { show: true, width: 14 },
          axisLine: { lineStyle: { width: 14 } },
          axisTick: { show: false },
          splitLine: { length: 8, distance: 4 },
          axisLabel: { fontSize: 10, distance: 20 },
          pointer: { width: 4 },
          detail: { formatter: '{value}%', fontSize: 22, offsetCenter: [0, '60%'] },
          title: { offsetCenter: [0, '88%'] },
          data: [{ value: Math.min(progress, 100), name: `目标 ${annual.target.yi}` }],
        },
      ],
    },
    190,
    'target-gauge',
  );
  const used = Number(annual.compensation.budgetUsed.yuan);
  const appropriated = Number(annual.compensation.budgetAppropriated.yuan);
  const burn = appropriated > 0 ? (used / appropriated) * 100 : 0;
  const budget = chart(
    {
      grid: { left: 60, right: 20, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: '万元' },
      yAxis: { type: 'category', data: ['已使用', '年度预算'] },
      series: [
        {
          type: 'bar',
          data: [toWan(annual.compensation.budgetUsed.yuan), toWan(annual.compensation.budgetAppropriated.yuan)],
          itemStyle: { color: '#c0392b' },
        },
      ],
    },
    120,
  );
  return [
    card(
      `${annual.year} 年目标进度`,
      h(
        'div',
        { class: 'kpi-row' },
        h(
          'div',
          { class: 'kpi' },
          h('small', {}, '运营总额'),
          h('strong', { 'data-testid': 'stat-total', 'data-yuan': annual.total.yuan }, annual.total.yi),
          h('small', {}, `${annual.total.wan} · ${annual.count} 笔`),
        ),
        h('div', { class: 'kpi' }, h('small', {}, '同比增长'), h('strong', {}, percent(annual.growthPercent))),
        h(
          'div',
          { class: 'kpi' },
          h('small', {}, `较 ${annual.baseYear} 年翻番进度`),
          h('strong', {}, percent(annual.doublingProgressPercent)),
          h('small', {}, `翻番目标 ${annual.doublingGoal.yi}`),
        ),
      ),
      gauge,
    ),
    card(
      '四类运营',
      table(
        ['类别', '笔数', '金额', '上年', '增长'],
        annual.categories.map((row) => [
          row.label,
          thousands(row.count, 0),
          row.amount.wan,
          row.previousAmount.wan,
          percent(row.growthPercent),
        ]),
        '本年暂无运营数据',
        'categories',
      ),
      h(
        'p',
        { class: 'muted' },
        `质押申请 ${annual.pledges.applications} 笔，登记 ${annual.pledges.registrations} 笔，登记用时中位数 ${annual.pledges.medianDaysToRegistration ?? '—'} 天（P90 ${annual.pledges.p90DaysToRegistration ?? '—'} 天）；放款 ${annual.loans.disbursed} 笔，违约 ${annual.loans.defaulted} 笔（违约率 ${percent(annual.loans.defaultRatePercent)}）。`,
      ),
    ),
    card(
      '风险补偿资金预算',
      h(
        'p',
        {},
        `已使用 ${money(annual.compensation.budgetUsed.yuan)} / 预算 ${money(annual.compensation.budgetAppropriated.yuan)}（${appropriated > 0 ? `${burn.toFixed(1)}%` : '—'}）`,
      ),
      appropriated > 0 ? budget : h('p', { class: 'empty' }, '本年尚未安排补偿资金预算（尚无生效的补偿政策）'),
      h(
        'p',
        { class: 'muted' },
        `已批准 ${money(annual.compensation.approved.yuan)}，已支付 ${money(annual.compensation.paid.yuan)}，处置回收 ${money(annual.compensation.recovered.yuan)}`,
      ),
    ),
  ];
}

function monthlyPanel(monthly: Monthly): Node {
  if (monthly.rows.length === 0) return h('p', { class: 'empty' }, '本年暂无月度数据');
  return chart(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: monthly.rows.map((row) => `${row.month}月`) },
      yAxis: { type: 'value', name: '万元' },
      series: [
        ...CATEGORY_SERIES.map(([key, name]) => ({
          type: 'bar',
          stack: 'total',
          name,
          data: monthly.rows.map((row) => toWan(row[key].yuan)),
        })),
        { type: 'line', name: '合计', data: monthly.rows.map((row) => toWan(row.total.yuan)) },
      ],
    },
    300,
    'monthly-chart',
  );
}

function breakdownPanel(breakdown: Breakdown, by: string): Node[] {
  if (breakdown.rows.length === 0) return [h('p', { class: 'empty' }, '暂无数据')];
  const rows = [...breakdown.rows].sort((a, b) => Number(b.amount.yuan) - Number(a.amount.yuan)).slice(0, 12);
  return [
    chart(
      {
        tooltip: { trigger: 'axis' },
        grid: { left: 110, right: 30, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: '万元' },
        yAxis: { type: 'category', inverse: true, data: rows.map((row) => row.label) },
        series: [
          { type: 'bar', data: rows.map((row) => toWan(row.amount.yuan)), itemStyle: { color: by === 'bank' ? '#2e86c1' : '#17a589' } },
        ],
      },
      Math.max(160, rows.length * 28 + 40),
      `breakdown-${by}`,
    ),
    h('p', { class: 'muted' }, `合计 ${breakdown.total.wan}`),
  ];
}

function projectionPanel(projection: Projection): Node {
  const method =
    projection.method === 'same-month-share'
      ? `按往年同期占比（${percent(projection.historicalSharePercent)}，${projection.yearsUsed.join('、')} 年）`
      : '按线性外推';
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'kpi-row' },
      h('div', { class: 'kpi' }, h('small', {}, `截至 ${projection.throughMonth} 月累计`), h('strong', {}, projection.yearToDate.yi)),
      h(
        'div',
        { class: 'kpi' },
        h('small', {}, '预计全年'),
        h('strong', { 'data-testid': 'projected' }, projection.projected.yi),
        h('small', {}, method),
      ),
      h('div', { class: 'kpi' }, h('small', {}, '年度目标'), h('strong', {}, projection.target.yi)),
    ),
    projection.warnings.length === 0
      ? h('p', { class: 'ok' }, '暂无预警')
      : h(
          'ul',
          { class: 'warnings', 'data-testid': 'warnings' },
          projection.warnings.map((warning) => h('li', {}, `⚠ ${warning.message}`)),
        ),
  );
}
