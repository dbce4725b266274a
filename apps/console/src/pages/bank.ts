// 银行: the pledge application form (the API's own validation messages next to each field), its
// pledges, loans with repayments and defaults, and its compensation claims.
import { get, post } from '../api';
import { clear, h, table } from '../dom';
import { date, IP_TYPE_LABELS, money, status, toMoneyString, yuan } from '../format';
import { badge, card, load, notice, showFieldErrors } from '../ui';
import { claimsTable, ipItems } from './bureau';

export function applyPage(main: HTMLElement, navigate: (path: string) => void): void {
  const summary = h('div');
  const items = h('div', { class: 'ip-items' });
  const field = (label: string, name: string, attrs: Record<string, string | number> = {}) =>
    h('label', {}, label, h('input', { name, 'data-field': name, ...attrs }));
  const addItem = () => {
    const index = items.children.length;
    items.appendChild(
      h(
        'div',
        { class: 'ip-item' },
        h(
          'label',
          {},
          `知识产权 ${index + 1} 类型`,
          h(
            'select',
            { name: `ipType${index}`, 'data-field': `ipItems[${index}].ipType` },
            Object.entries(IP_TYPE_LABELS).map(([value, label]) => h('option', { value }, label)),
          ),
        ),
        field('号码（专利号 / 注册号 / 登记号）', `ipItems[${index}].number`, { placeholder: '201910884346.5' }),
        field('名称（可选）', `ipItems[${index}].title`),
      ),
    );
  };
  addItem();
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'application',
      'data-testid': 'application-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const value = (name: string) => (form.querySelector(`[data-field="${name}"]`) as HTMLInputElement | HTMLSelectElement).value.trim();
        const body = {
          pledgor: { uscc: value('pledgor.uscc').toUpperCase(), name: value('pledgor.name') },
          ipItems: Array.from(items.children).map((_item, index) => {
            const title = value(`ipItems[${index}].title`);
            return { ipType: value(`ipItems[${index}].ipType`), number: value(`ipItems[${index}].number`), ...(title ? { title } : {}) };
          }),
          requestedLoanAmount: toMoneyString(value('requestedLoanAmount')),
          termMonths: Number(value('termMonths')),
          districtCode: value('districtCode'),
          appraiserOrgId: value('appraiserOrgId'),
        };
        try {
          const pledge = await post<{ id: string }>('/api/pledges', body);
          for (const old of Array.from(form.querySelectorAll('.field-error'))) old.remove();
          clear(summary);
          form.reset();
          summary.appendChild(notice(`申请已提交：${pledge.id}，等待知识产权局登记`));
          summary.appendChild(h('button', { class: 'link', onclick: () => navigate('/bank/pledges') }, '查看我的质押'));
        } catch (error) {
          showFieldErrors(form, summary, error);
        }
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, '出质人（借款企业）'),
      field('企业名称', 'pledgor.name'),
      field('统一社会信用代码', 'pledgor.uscc', { maxlength: 18, placeholder: '18 位' }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, '质押的知识产权'),
      items,
      h('button', { type: 'button', class: 'secondary small', onclick: addItem }, '+ 添加一项'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, '贷款'),
      field('申请贷款金额（元）', 'requestedLoanAmount', { placeholder: '5000000.00', inputmode: 'decimal' }),
      field('期限（月，1–36）', 'termMonths', { type: 'number', min: 1, max: 36, value: 12 }),
      field('行政区划代码', 'districtCode', { placeholder: '500112', maxlength: 6 }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, '价值评估'),
      field('评估机构（只有它能查看并评估本质押）', 'appraiserOrgId', { value: 'appraiser-cq-huaxin' }),
    ),
    h('button', { type: 'submit', 'data-testid': 'submit-application' }, '提交申请'),
  );
  main.append(h('h2', {}, '新建质押申请'), summary, card('申请信息', form));
}

interface Pledge {
  id: string;
  status: string;
  pledgor: { uscc: string; name: string };
  ipItems: { ipType: string; number: string; title?: string | null }[];
  requestedLoanAmount: string;
  termMonths: number;
  registrationNumber: string | null;
  registrationDate: string | null;
  loanId: string | null;
  submittedAt: string;
}

export function bankPledgesPage(main: HTMLElement): void {
  const list = h('div');
  main.append(h('h2', {}, '我的质押'), card('质押申请', list));
  void load(list, async () => {
    const { items } = await get<{ items: Pledge[] }>('/api/pledges?limit=200');
    return table(
      ['申请编号', '状态', '出质人', '知识产权', '申请金额', '提交日期', '登记号', '登记日期', '贷款'],
      items.map((pledge) => [
        h('a', { href: `/bank/pledges/${pledge.id}` }, h('code', {}, pledge.id)),
        badge(status(pledge.status), pledge.status.toLowerCase()),
        pledge.pledgor.name,
        ipItems(pledge.ipItems),
        money(pledge.requestedLoanAmount),
        date(pledge.submittedAt),
        pledge.registrationNumber ?? '—',
        date(pledge.registrationDate),
        pledge.loanId ?? '—',
      ]),
      '还没有质押申请',
      'bank-pledges',
    );
  });
}

interface Loan {
  id: string;
  pledgeId: string;
  borrowerUscc: string;
  status: string;
  principal: string;
  outstandingPrincipal: string;
  interestPaid: string;
  annualInterestRate: string;
  disbursedOn: string;
  maturityDate: string;
  overdueSince: string | null;
  daysPastDue: number | null;
  defaultedOn: string | null;
  accruedInterest: string | null;
  repayments: { id: string; principalAmount: string; interestAmount: string; repaidOn: string; outstandingAfter: string }[];
}

export function bankLoansPage(main: HTMLElement): void {
  const loans = h('div');
  const repayments = h('div');
  const defaults = h('div');
  main.append(h('h2', {}, '贷款与还款'), card('贷款', loans), card('还款记录', repayments), card('逾期与违约', defaults));
  const all = get<{ items: Loan[] }>('/api/loans?limit=200').then((answer) => answer.items);
  void load(loans, async () =>
    table(
      ['贷款编号', '状态', '借款人', '本金', '未还本金', '已付利息', '年利率', '放款日', '到期日'],
      (await all).map((loan) => [
        h('code', {}, loan.id),
        badge(status(loan.status), loan.status.toLowerCase()),
        loan.borrowerUscc,
        money(loan.principal),
        money(loan.outstandingPrincipal),
        yuan(loan.interestPaid),
        `${(Number(loan.annualInterestRate) * 100).toFixed(2)}%`,
        date(loan.disbursedOn),
        date(loan.maturityDate),
      ]),
      '还没有贷款',
      'loans',
    ),
  );
  void load(repayments, async () =>
    table(
      ['贷款', '还款日', '本金', '利息', '还款后未还本金'],
      (await all).flatMap((loan) =>
        loan.repayments.map((repayment) => [
          h('code', {}, loan.id),
          date(repayment.repaidOn),
          yuan(repayment.principalAmount),
          yuan(repayment.interestAmount),
          yuan(repayment.outstandingAfter),
        ]),
      ),
      '暂无还款',
      'repayments',
    ),
  );
  void load(defaults, async () =>
    table(
      ['贷款', '状态', '逾期起始', '逾期天数', '违约日期', '应计利息'],
      (await all)
        .filter((loan) => loan.status === 'OVERDUE' || loan.status === 'DEFAULTED' || loan.defaultedOn !== null)
        .map((loan) => [
          h('code', {}, loan.id),
          badge(status(loan.status), loan.status.toLowerCase()),
          date(loan.overdueSince),
          loan.daysPastDue ?? '—',
          date(loan.defaultedOn),
          yuan(loan.accruedInterest),
        ]),
      '没有逾期或违约的贷款',
      'defaults',
    ),
  );
}

export function bankClaimsPage(main: HTMLElement): void {
  const list = h('div');
  main.append(h('h2', {}, '补偿申请'), card('我的补偿申请', list));
  void load(list, async () => claimsTable((await get<{ items: Parameters<typeof claimsTable>[0] }>('/api/claims?limit=200')).items));
}
