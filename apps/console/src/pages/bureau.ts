// 知识产权局: the registration queue, the claims queue (step-by-step computation, four-eyes
// prepare / approve / reject), compensation policies (versions, drafts, publishing) and the audit log.
import { get, post } from '../api';
import { clear, h, table } from '../dom';
import { date, dateTime, IP_TYPE_LABELS, money, status, yuan } from '../format';
import { badge, card, errorBox, load, notice, showFieldErrors } from '../ui';

interface Pledge {
  id: string;
  status: string;
  bankOrgId: string;
  pledgor: { uscc: string; name: string };
  ipItems: { ipType: string; number: string; title?: string | null }[];
  requestedLoanAmount: string;
  termMonths: number;
  districtCode: string;
  registrationNumber: string | null;
  registrationDate: string | null;
  submittedAt: string;
  decisionDeadline: string | null;
  decisionDeadlineProvisional: boolean;
  decisionOverdue: boolean;
}

export function ipItems(items: Pledge['ipItems']): string {
  return items
    .map((item) => `${IP_TYPE_LABELS[item.ipType] ?? item.ipType} ${item.number}${item.title ? `（${item.title}）` : ''}`)
    .join('；');
}

export function registrationQueuePage(main: HTMLElement): void {
  const flash = h('div');
  const queue = h('div');
  const registered = h('div');
  main.append(h('h2', {}, '质押登记'), flash, card('待登记申请', queue), card('最近登记', registered));
  const refresh = () => {
    void load(queue, async () => {
      const { items } = await get<{ items: Pledge[] }>('/api/pledges?status=SUBMITTED&limit=200');
      return table(
        ['申请编号', '银行', '出质人', '知识产权', '申请金额', '期限', '提交日期', '办理期限', '登记'],
        items.map((pledge) => [
          h('a', { href: `/bureau/pledges/${pledge.id}` }, h('code', {}, pledge.id)),
          pledge.bankOrgId,
          `${pledge.pledgor.name}（${pledge.pledgor.uscc}）`,
          ipItems(pledge.ipItems),
          money(pledge.requestedLoanAmount),
          `${pledge.termMonths} 个月`,
          date(pledge.submittedAt),
          deadline(pledge),
          registerForm(pledge, flash, refresh),
        ]),
        '没有待登记的申请',
        'registration-queue',
      );
    });
    void load(registered, async () => {
      const { items } = await get<{ items: Pledge[] }>('/api/pledges?status=REGISTERED&limit=20');
      return table(
        ['申请编号', '出质人', '登记号', '登记日期', '金额'],
        items.map((pledge) => [
          h('a', { href: `/bureau/pledges/${pledge.id}` }, h('code', {}, pledge.id)),
          pledge.pledgor.name,
          pledge.registrationNumber ?? '—',
          date(pledge.registrationDate),
          money(pledge.requestedLoanAmount),
        ]),
        '暂无已登记的质押',
        'registered-list',
      );
    });
  };
  refresh();
}

/** The decision deadline (working days from receipt), marked when overdue or counted without the year's holidays. */
function deadline(pledge: Pledge): HTMLElement | string {
  if (pledge.decisionDeadline === null) return '—';
  const text = `${date(pledge.decisionDeadline)}${pledge.decisionDeadlineProvisional ? '（暂按工作日计）' : ''}`;
  return pledge.decisionOverdue ? badge(`已超期 ${text}`, 'overdue') : h('span', {}, text);
}

/** The registration date is the server's (the day of registering); only the registrar's number is entered. */
function registerForm(pledge: Pledge, flash: HTMLElement, refresh: () => void): HTMLElement {
  const number = h('input', {
    placeholder: '登记号',
    'data-field': 'registrationNumber',
    'data-testid': `registration-number-${pledge.id}`,
    size: 14,
  });
  const message = h('div');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'inline',
      'data-testid': `register-${pledge.id}`,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await post(`/api/pledges/${pledge.id}/registration`, { registrationNumber: number.value.trim() });
          clear(flash);
          flash.appendChild(notice(`已登记 ${pledge.id}（登记号 ${number.value.trim()}）`));
          refresh();
        } catch (error) {
          showFieldErrors(form, message, error);
        }
      },
    },
    h('span', {}, number),
    h('button', { type: 'submit', class: 'small' }, '登记'),
    message,
  );
  return form;
}

interface Party {
  party: string;
  orgId: string;
  share: string;
  amount: string;
}
interface Claim {
  id: string;
  status: string;
  loanId: string;
  pledgeId: string;
  bankOrgId: string;
  borrowerUscc: string;
  fundId: string;
  policyId: string;
  policyVersion: number;
  filedOn: string;
  filingDeadline: string;
  filingDeadlineProvisional: boolean;
  eligibility: { rule: string; passed: boolean; message: string }[];
  preparation: { preparedOn: string; preparedByOrgId: string; preparedByUserId: string | null; note: string | null } | null;
  decision: { outcome: string; decidedOn: string; decidedByOrgId: string; decidedByUserId: string | null; note: string | null } | null;
  computation: {
    exposure: string;
    base: {
      rule: string;
      principal: string;
      interestCounted: string;
      netDisposalProceeds: string;
      ipCollateralShare: string;
      amount: string;
    };
    borrowerCoverageTakenBefore: string;
    caps: { order: number; cap: string; limit: string; before: string; after: string; bound: boolean }[];
    approvedAmount: string;
    split: Party[];
    publicShareCap: {
      rate: string;
      exposure: string;
      limit: string;
      fundPartBefore: string;
      fundPartAfter: string;
      keptByBank: string;
    } | null;
    parts: Party[];
    fund: {
      budgetYear: number;
      fundPart: string;
      budgetBefore: string;
      paid: string;
      budgetAfter: string;
      shortfall: string;
      rule: string;
    };
    uncoveredLoss: string;
  } | null;
  payment: { amount: string; paidOn: string; paymentReference: string; recordedByUserId: string | null } | null;
}

const PARTY_LABELS: Record<string, string> = {
  fund: '风险补偿资金',
  bank: '银行',
  guarantor: '担保机构',
  insurer: '保险机构',
  appraiser: '评估机构',
};

export function claimsTable(items: Claim[], open?: (claim: Claim) => void): HTMLElement {
  return table(
    ['申请编号', '状态', '银行', '贷款', '申请日期', '截止日期', '预审人', '审批人'],
    items.map((claim) => [
      open
        ? h('a', { href: `/bureau/claims/${claim.id}`, onclick: (event: Event) => (event.preventDefault(), open(claim)) }, claim.id)
        : h('code', {}, claim.id),
      badge(status(claim.status), claim.status.toLowerCase()),
      claim.bankOrgId,
      h('code', {}, claim.loanId),
      date(claim.filedOn),
      date(claim.filingDeadline),
      claim.preparation
        ? `${claim.preparation.preparedByUserId ?? claim.preparation.preparedByOrgId}（${date(claim.preparation.preparedOn)}）`
        : '—',
      claim.decision ? `${claim.decision.decidedByUserId ?? claim.decision.decidedByOrgId}（${date(claim.decision.decidedOn)}）` : '—',
    ]),
    '没有补偿申请',
    'claims',
  );
}

export function claimsQueuePage(main: HTMLElement, navigate: (path: string) => void): void {
  const filter = h(
    'select',
    { onchange: () => refresh() },
    h('option', { value: '' }, '全部状态'),
    ['PENDING', 'PREPARED', 'APPROVED', 'PAID', 'CLOSED', 'REJECTED'].map((value) => h('option', { value }, status(value))),
  );
  const list = h('div');
  main.append(h('div', { class: 'page-title' }, h('h2', {}, '补偿审核'), filter), card('补偿申请队列', list));
  const refresh = () =>
    void load(list, async () => {
      const { items } = await get<{ items: Claim[] }>(`/api/claims?limit=200${filter.value ? `&status=${filter.value}` : ''}`);
      return claimsTable(items, (claim) => navigate(`/bureau/claims/${claim.id}`));
    });
  refresh();
}

export function claimPage(main: HTMLElement, id: string): void {
  const body = h('div');
  main.append(h('h2', {}, `补偿申请 ${id}`), body);
  const refresh = () => void load(body, async () => claimDetail(await get<Claim>(`/api/claims/${encodeURIComponent(id)}`), refresh));
  refresh();
}

function claimDetail(claim: Claim, refresh: () => void): Node[] {
  const c = claim.computation;
  const parts = (rows: Party[]) =>
    table(
      ['方', '机构', '比例', '金额'],
      rows.map((part) => [
        PARTY_LABELS[part.party] ?? part.party,
        part.orgId,
        `${(Number(part.share) * 100).toFixed(2)}%`,
        yuan(part.amount),
      ]),
    );
  return [
    card(
      '概况',
      h(
        'dl',
        { class: 'facts' },
        (
          [
            ['状态', badge(status(claim.status), claim.status.toLowerCase())],
            ['银行', claim.bankOrgId],
            ['贷款', claim.loanId],
            ['借款人', claim.borrowerUscc],
            ['政策', `${claim.policyId}（第 ${claim.policyVersion} 版）`],
            [
              '申请日期 / 截止日期',
              `${date(claim.filedOn)} / ${date(claim.filingDeadline)}${claim.filingDeadlineProvisional ? '（暂定：该年工作日历尚未录入，按周一至周五计算）' : ''}`,
            ],
          ] as [string, Node | string][]
        ).flatMap(([label, value]) => [h('dt', {}, label as string), h('dd', {}, value as Node | string)]),
      ),
    ),
    card(
      '资格审查',
      table(
        ['规则', '结果', '说明'],
        claim.eligibility.map((rule) => [rule.rule, rule.passed ? badge('通过', 'approved') : badge('未通过', 'rejected'), rule.message]),
      ),
    ),
    card(
      '四眼原则（经办 / 复核）',
      h(
        'p',
        { 'data-testid': 'maker' },
        claim.preparation
          ? `预审：${claim.preparation.preparedByUserId ?? claim.preparation.preparedByOrgId}，${date(claim.preparation.preparedOn)}${claim.preparation.note ? `，意见：${claim.preparation.note}` : ''}`
          : '预审：尚未预审',
      ),
      h(
        'p',
        { 'data-testid': 'checker' },
        claim.decision
          ? `${claim.decision.outcome === 'APPROVED' ? '批准' : '驳回'}：${claim.decision.decidedByUserId ?? claim.decision.decidedByOrgId}，${date(claim.decision.decidedOn)}${claim.decision.note ? `，意见：${claim.decision.note}` : ''}`
          : '审批：尚未审批',
      ),
      claim.status === 'PENDING' || claim.status === 'PREPARED' ? actions(claim, refresh) : null,
    ),
    c === null
      ? card('补偿计算', h('p', { class: 'empty' }, '批准后显示逐步计算过程'))
      : card(
          '补偿计算（逐步）',
          h(
            'ol',
            { class: 'steps', 'data-testid': 'computation' },
            h('li', {}, `风险敞口：${yuan(c.exposure)}`),
            h(
              'li',
              {},
              `补偿基数（${c.base.rule}）：本金 ${yuan(c.base.principal)} + 计入利息 ${yuan(c.base.interestCounted)} − 处置净收入 ${yuan(c.base.netDisposalProceeds)}，知识产权担保占比 ${(Number(c.base.ipCollateralShare) * 100).toFixed(2)}% → ${yuan(c.base.amount)}`,
            ),
            h('li', {}, `该借款人本年已占用额度：${yuan(c.borrowerCoverageTakenBefore)}`),
            h(
              'li',
              {},
              '上限：',
              table(
                ['顺序', '上限', '限额', '之前', '之后', '生效'],
                c.caps.map((cap) => [cap.order, cap.cap, yuan(cap.limit), yuan(cap.before), yuan(cap.after), cap.bound ? '是' : '否']),
                '无上限',
              ),
            ),
            h('li', {}, `核定补偿金额：${yuan(c.approvedAmount)}`),
            h('li', {}, '按比例分担：', parts(c.split)),
            c.publicShareCap
              ? h(
                  'li',
                  {},
                  `财政资金上限 ${(Number(c.publicShareCap.rate) * 100).toFixed(2)}% × 敞口 ${yuan(c.publicShareCap.exposure)} = ${yuan(c.publicShareCap.limit)}；资金部分 ${yuan(c.publicShareCap.fundPartBefore)} → ${yuan(c.publicShareCap.fundPartAfter)}，银行自留 ${yuan(c.publicShareCap.keptByBank)}`,
                )
              : null,
            h('li', {}, '最终分担：', parts(c.parts)),
            h(
              'li',
              {},
              `资金预算（${c.fund.budgetYear} 年，${c.fund.rule}）：应付 ${yuan(c.fund.fundPart)}，预算 ${yuan(c.fund.budgetBefore)} → ${yuan(c.fund.budgetAfter)}，实付 ${yuan(c.fund.paid)}，缺口 ${yuan(c.fund.shortfall)}`,
            ),
            h('li', {}, `未覆盖损失（银行承担）：${yuan(c.uncoveredLoss)}`),
          ),
        ),
    claim.payment
      ? card('支付', h('p', {}, `${yuan(claim.payment.amount)}，${date(claim.payment.paidOn)}，凭证 ${claim.payment.paymentReference}`))
      : h('span'),
  ];
}

function actions(claim: Claim, refresh: () => void): HTMLElement {
  const note = h('input', { placeholder: '审核意见（驳回时必填，至少 5 个字）', size: 40, 'data-testid': 'claim-note' });
  const message = h('div');
  const act = (path: string, body: () => Record<string, string>) => async () => {
    clear(message);
    try {
      await post(`/api/claims/${claim.id}/${path}`, body());
      refresh();
    } catch (error) {
      message.appendChild(errorBox(error));
    }
  };
  const noteBody = (): Record<string, string> => (note.value.trim() ? { note: note.value.trim() } : {});
  return h(
    'div',
    { class: 'actions' },
    note,
    claim.status === 'PENDING' ? h('button', { class: 'secondary', onclick: act('prepare', noteBody) }, '预审（提交他人审批）') : null,
    h('button', { onclick: act('approve', noteBody), 'data-testid': 'approve' }, '批准'),
    h('button', { class: 'danger', onclick: act('reject', () => ({ reason: note.value.trim() })) }, '驳回'),
    message,
  );
}

interface Policy {
  id: string;
  seriesId: string;
  version: number;
  status: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  document: Record<string, unknown> & { effectiveFrom: string };
  createdAt: string;
  publishedAt: string | null;
}

export function policiesPage(main: HTMLElement): void {
  const list = h('div');
  const editor = h('div');
  const flash = h('div');
  main.append(
    h(
      'div',
      { class: 'page-title' },
      h('h2', {}, '补偿政策'),
      h('button', { class: 'secondary', onclick: () => openPresetDraft() }, '从预设起草'),
    ),
    flash,
    card('政策版本', list),
    editor,
  );
  const refresh = () =>
    void load(list, async () => {
      const { items } = await get<{ items: Policy[] }>('/api/policies');
      const sorted = [...items].sort((a, b) => a.seriesId.localeCompare(b.seriesId) || a.version - b.version);
      return table(
        ['名称', '版本', '状态', '生效', '失效', '发布时间', '操作'],
        sorted.map((policy) => [
          policy.name,
          `第 ${policy.version} 版`,
          badge(status(policy.status), policy.status.toLowerCase()),
          date(policy.effectiveFrom),
          date(policy.effectiveTo),
          policy.publishedAt ? dateTime(policy.publishedAt) : '—',
          h(
            'span',
            { class: 'actions' },
            h('button', { class: 'small secondary', onclick: () => show(policy) }, '查看'),
            policy.status === 'DRAFT' ? h('button', { class: 'small', onclick: () => publish(policy) }, '发布') : null,
            policy.status === 'PUBLISHED'
              ? h(
                  'button',
                  {
                    class: 'small secondary',
                    onclick: () => draftEditor(`起草「${policy.name}」新版本`, policy.document, `/api/policies/${policy.id}/versions`),
                  },
                  '起草新版本',
                )
              : null,
          ),
        ]),
        '暂无政策',
        'policies',
      );
    });
  const show = (policy: Policy) => {
    clear(editor);
    editor.appendChild(
      card(
        `${policy.name} · 第 ${policy.version} 版（${status(policy.status)}）`,
        h('pre', { class: 'json' }, JSON.stringify(policy.document, null, 2)),
      ),
    );
  };
  const publish = async (policy: Policy) => {
    clear(flash);
    try {
      await post(`/api/policies/${policy.id}/publish`);
      flash.appendChild(notice(`已发布「${policy.name}」第 ${policy.version} 版`));
      refresh();
    } catch (error) {
      flash.appendChild(errorBox(error));
    }
  };
  const draftEditor = (title: string, document: unknown, path: string) => {
    clear(editor);
    const text = h('textarea', { rows: 22, class: 'json', spellcheck: 'false', 'data-field': 'document' });
    text.value = JSON.stringify(document, null, 2);
    const message = h('div');
    const form: HTMLFormElement = h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          clear(message);
          let body: unknown;
          try {
            body = JSON.parse(text.value);
          } catch {
            message.appendChild(errorBox(new Error('政策文档不是有效的 JSON')));
            return;
          }
          try {
            await post(path, body);
            clear(editor);
            clear(flash);
            flash.appendChild(notice('草稿已保存，发布前可再查看'));
            refresh();
          } catch (error) {
            showFieldErrors(form, message, error);
          }
        },
      },
      h('p', { class: 'muted' }, '编辑政策文档（JSON）；保存后为草稿，发布后冻结。新版本的生效日期须晚于上一版。'),
      text,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, '保存草稿'),
        h('button', { type: 'button', class: 'secondary', onclick: () => clear(editor) }, '取消'),
      ),
      message,
    );
    editor.appendChild(card(title, form));
  };
  const openPresetDraft = () =>
    void load(editor, async () => {
      const { items } = await get<{ items: { presetId: string; version: number; source: string; document: Record<string, unknown> }[] }>(
        '/api/policies/presets',
      );
      if (items.length === 0) return h('p', { class: 'empty' }, '没有预设');
      const select = h(
        'select',
        {},
        items.map((preset, index) =>
          h('option', { value: index }, `${String(preset.document.name ?? preset.presetId)}（${preset.source}）`),
        ),
      );
      return card(
        '选择预设',
        select,
        h(
          'button',
          {
            class: 'small',
            onclick: () => {
              const preset = items[Number(select.value)];
              if (preset) draftEditor(`从预设起草：${preset.presetId}`, preset.document, '/api/policies');
            },
          },
          '起草',
        ),
      );
    });
  refresh();
}

interface AuditEntry {
  auditId: string;
  at: string;
  service: string;
  method: string;
  path: string;
  targetId: string | null;
  actor: { orgId?: string | null; role?: string | null; userId?: string | null } | null;
  outcome: string;
  status: number;
  reason: string | null;
}

const OUTCOMES: Record<string, string> = { succeeded: '成功', denied: '拒绝访问', refused: '业务拒绝', failed: '失败' };

export function auditPage(main: HTMLElement): void {
  const user = h('input', { placeholder: '用户', size: 12 });
  const target = h('input', { placeholder: '对象编号', size: 24 });
  const outcome = h(
    'select',
    {},
    h('option', { value: '' }, '全部结果'),
    Object.entries(OUTCOMES).map(([value, label]) => h('option', { value }, label)),
  );
  const list = h('div');
  const refresh = () =>
    void load(list, async () => {
      const query = new URLSearchParams({ limit: '200' });
      if (user.value.trim()) query.set('userId', user.value.trim());
      if (target.value.trim()) query.set('targetId', target.value.trim());
      if (outcome.value) query.set('outcome', outcome.value);
      const { items } = await get<{ items: AuditEntry[] }>(`/api/audit?${query.toString()}`);
      return table(
        ['时间', '用户', '机构', '操作', '对象', '结果', '原因'],
        items.map((entry) => [
          dateTime(entry.at),
          entry.actor?.userId ?? '—',
          entry.actor?.orgId ?? '—',
          `${entry.method} ${entry.path}`,
          entry.targetId ?? '—',
          badge(`${OUTCOMES[entry.outcome] ?? entry.outcome} ${entry.status}`, entry.outcome),
          entry.reason ?? '',
        ]),
        '没有符合条件的记录',
        'audit',
      );
    });
  main.append(
    h(
      'div',
      { class: 'page-title' },
      h('h2', {}, '审计日志'),
      h(
        'form',
        { class: 'inline', onsubmit: (event: Event) => (event.preventDefault(), refresh()) },
        user,
        target,
        outcome,
        h('button', { type: 'submit', class: 'small' }, '查询'),
      ),
    ),
    card('最近 200 条', list),
  );
  refresh();
}
