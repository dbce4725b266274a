// One pledge and its whole history (bank and bureau): every step of the registration lifecycle
// with who, when and why, every registration version (变更登记), and the bureau's decisions on an
// application in its queue: return for correction (补正) or refuse (不予登记).
import { get, post } from '../api';
import { clear, h, table } from '../dom';
import { date, dateTime, money, status } from '../format';
import { badge, card, load, notice, showFieldErrors } from '../ui';
import { ipItems } from './bureau';

interface Pledge {
  id: string;
  status: string;
  bankOrgId: string;
  pledgor: { uscc: string; name: string };
  ipItems: { ipType: string; number: string; title?: string | null }[];
  requestedLoanAmount: string;
  termMonths: number;
  appraiserOrgId: string | null;
  registrationNumber: string | null;
  registrationDate: string | null;
  registrationVersion: number | null;
  correctionReasons: { field: string | null; message: string }[] | null;
  refusal: { reason: string; note: string } | null;
  decisionDeadline: string | null;
  decisionOverdue: boolean;
  submittedAt: string;
  receivedAt: string;
}

interface History {
  steps: {
    step: string;
    fromStatus: string | null;
    toStatus: string;
    actor: { orgId: string; role: string; userId: string | null };
    at: string;
    details: Record<string, unknown> | null;
  }[];
  registrations: {
    version: number;
    registrationNumber: string;
    effectiveOn: string;
    securedAmount: string;
    termMonths: number;
    pledgorName: string;
    note: string | null;
  }[];
}

const STEP_LABELS: Record<string, string> = {
  submit: '提交申请',
  return: '退回补正',
  resubmit: '补正后重新提交',
  refuse: '不予登记',
  'assign-appraiser': '指定评估机构',
  register: '质押登记',
  change: '变更登记',
  release: '注销登记',
  dispose: '质物处置',
};

export const REFUSAL_LABELS: Record<string, string> = {
  'right-already-pledged': '该权利已质押登记',
  'right-invalid-or-expired': '权利无效或已失效',
  'pledgor-not-owner': '出质人非权利人',
  'contract-terms-missing': '质押合同缺少必要条款',
  other: '其他',
};

export function pledgePage(main: HTMLElement, id: string, role: string): void {
  const body = h('div');
  main.append(h('h2', {}, `质押 ${id}`), body);
  const refresh = () =>
    void load(body, async () => {
      const [pledge, history] = await Promise.all([
        get<Pledge>(`/api/pledges/${encodeURIComponent(id)}`),
        get<History>(`/api/pledges/${encodeURIComponent(id)}/history`),
      ]);
      return [
        facts(pledge),
        ...(role === 'bureau' && pledge.status === 'SUBMITTED' ? [decisionForms(pledge, refresh)] : []),
        versions(history),
        steps(history),
      ];
    });
  refresh();
}

function facts(pledge: Pledge): HTMLElement {
  const rows: [string, Node | string][] = [
    ['状态', badge(status(pledge.status), pledge.status.toLowerCase())],
    ['出质人', `${pledge.pledgor.name}（${pledge.pledgor.uscc}）`],
    ['知识产权', ipItems(pledge.ipItems)],
    ['担保金额 / 期限', `${money(pledge.requestedLoanAmount)} / ${pledge.termMonths} 个月`],
    ['评估机构', pledge.appraiserOrgId ?? '—'],
    ['首次收件 / 最近收件', `${dateTime(pledge.submittedAt)} / ${dateTime(pledge.receivedAt)}`],
    ['办理期限', pledge.decisionDeadline === null ? '—' : `${date(pledge.decisionDeadline)}${pledge.decisionOverdue ? '（已超期）' : ''}`],
    [
      '登记号 / 登记日期',
      `${pledge.registrationNumber ?? '—'} / ${date(pledge.registrationDate)}${pledge.registrationVersion ? `（第 ${pledge.registrationVersion} 版）` : ''}`,
    ],
  ];
  if (pledge.correctionReasons)
    rows.push([
      '补正意见',
      pledge.correctionReasons.map((reason) => `${reason.field ? `${reason.field}：` : ''}${reason.message}`).join('；'),
    ]);
  if (pledge.refusal)
    rows.push(['不予登记理由', `${REFUSAL_LABELS[pledge.refusal.reason] ?? pledge.refusal.reason}：${pledge.refusal.note}`]);
  return card(
    '概况',
    h(
      'dl',
      { class: 'facts', 'data-testid': 'pledge-facts' },
      rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
    ),
  );
}

function versions(history: History): HTMLElement {
  return card(
    '登记版本',
    table(
      ['版本', '登记号', '生效日期', '担保金额', '期限', '出质人', '说明'],
      history.registrations.map((version) => [
        version.version,
        version.registrationNumber,
        version.effectiveOn,
        money(version.securedAmount),
        `${version.termMonths} 个月`,
        version.pledgorName,
        version.note ?? '—',
      ]),
      '尚未登记',
      'registration-versions',
    ),
  );
}

function steps(history: History): HTMLElement {
  return card(
    '办理记录',
    table(
      ['时间', '事项', '状态', '办理人', '说明'],
      history.steps.map((step) => [
        dateTime(step.at),
        STEP_LABELS[step.step] ?? step.step,
        `${step.fromStatus ? status(step.fromStatus) : '—'} → ${status(step.toStatus)}`,
        step.actor.userId ?? step.actor.orgId,
        describeDetails(step.details),
      ]),
      '暂无记录',
      'pledge-history',
    ),
  );
}

const DISPOSAL_LABELS: Record<string, string> = { auction: '拍卖', transfer: '转让', licensing: '许可', 'write-off': '核销' };
const TERM_LABELS: Record<string, string> = { securedAmount: '担保金额', termMonths: '期限', pledgorName: '出质人' };

/** A step's details in words a clerk reads (reasons, numbers, what changed), never raw JSON. */
function describeDetails(details: unknown): string {
  if (details === null || typeof details !== 'object') return '—';
  const d = details as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(d.reasons)) {
    parts.push(
      `补正原因：${d.reasons.map((reason: { field?: string; message?: string }) => (reason.field ? `${reason.field}：${reason.message ?? ''}` : (reason.message ?? ''))).join('；')}`,
    );
  }
  if (typeof d.registrationNumber === 'string') parts.push(`登记号 ${d.registrationNumber}`);
  if (typeof d.reason === 'string')
    parts.push(
      REFUSAL_LABELS[d.reason] ??
        ({ 'bank-request': '银行申请注销', 'loan-closed': '贷款结清' } as Record<string, string>)[d.reason] ??
        d.reason,
    );
  if (typeof d.version === 'number' && d.from && d.to) {
    const from = d.from as Record<string, unknown>;
    const to = d.to as Record<string, unknown>;
    const changed = Object.keys(TERM_LABELS).filter((key) => from[key] !== to[key]);
    const shown = (key: string, value: unknown) =>
      key === 'securedAmount' ? money(String(value)) : key === 'termMonths' ? `${String(value)} 个月` : String(value);
    parts.push(
      `第 ${d.version} 版：${changed.map((key) => `${TERM_LABELS[key]} ${shown(key, from[key])} → ${shown(key, to[key])}`).join('，') || '无变化'}`,
    );
  }
  if (typeof d.method === 'string')
    parts.push(`${DISPOSAL_LABELS[d.method] ?? d.method}，净收入 ${money(String(d.netProceeds ?? '0.00'))}`);
  if (typeof d.to === 'string') parts.push(`评估机构 ${typeof d.from === 'string' ? `${d.from} → ` : ''}${d.to}`);
  if (typeof d.note === 'string' && d.note !== '') parts.push(d.note);
  return parts.length > 0 ? parts.join('；') : '—';
}

/** The bureau's other decisions besides registering: 补正 with a reason, 不予登记 with a reason from the list and a note. */
function decisionForms(pledge: Pledge, refresh: () => void): HTMLElement {
  const flash = h('div');
  const correction = h('input', { placeholder: '需补正的内容', size: 40, 'data-field': 'reasons.0.message' });
  const returnForm: HTMLFormElement = h(
    'form',
    {
      class: 'inline',
      'data-testid': `return-${pledge.id}`,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await post(`/api/pledges/${pledge.id}/return`, { reasons: [{ message: correction.value.trim() }] });
          clear(flash);
          flash.appendChild(notice(`已退回补正 ${pledge.id}`));
          refresh();
        } catch (error) {
          showFieldErrors(returnForm, flash, error);
        }
      },
    },
    h('span', {}, correction),
    h('button', { type: 'submit', class: 'small secondary' }, '退回补正'),
  );
  const reason = h(
    'select',
    { 'data-field': 'reason' },
    Object.entries(REFUSAL_LABELS).map(([value, label]) => h('option', { value }, label)),
  );
  const note = h('input', { placeholder: '说明', size: 30, 'data-field': 'note' });
  const refuseForm: HTMLFormElement = h(
    'form',
    {
      class: 'inline',
      'data-testid': `refuse-${pledge.id}`,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await post(`/api/pledges/${pledge.id}/refusal`, { reason: reason.value, note: note.value.trim() });
          clear(flash);
          flash.appendChild(notice(`已决定不予登记 ${pledge.id}`));
          refresh();
        } catch (error) {
          showFieldErrors(refuseForm, flash, error);
        }
      },
    },
    h('span', {}, reason),
    h('span', {}, note),
    h('button', { type: 'submit', class: 'small secondary' }, '不予登记'),
  );
  return card('审查决定', flash, returnForm, refuseForm);
}
