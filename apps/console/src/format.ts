// Numbers and dates the Chinese way: thousands separators, 万元 / 亿元, dates as YYYY-MM-DD.

/** "12345678.9" → "12,345,678.90" (two decimals, thousands separators). */
export function thousands(value: string | number, decimals = 2): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** An amount in yuan as 元 with separators: "1,000,000.00 元". */
export function yuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return `${thousands(value)} 元`;
}

/** An amount in yuan in the unit a Chinese table would use: 亿元 from 1亿, 万元 from 1万, else 元. */
export function money(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const abs = Math.abs(n);
  if (abs >= 1e8) return `${thousands(n / 1e8, 2)} 亿元`;
  if (abs >= 1e4) return `${thousands(n / 1e4, 2)} 万元`;
  return `${thousands(n, 2)} 元`;
}

/** Yuan → 万元 as a number, for charts. */
export function toWan(value: string): number {
  return Math.round(Number(value) / 100) / 100;
}

/** A date or timestamp as YYYY-MM-DD (timestamps in China time). */
export function date(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Date(parsed.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A timestamp as YYYY-MM-DD HH:mm:ss in China time. */
export function dateTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Date(parsed.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Today in China time, YYYY-MM-DD. */
export function today(): string {
  return date(new Date().toISOString());
}

export function percent(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return `${value}%`;
}

/** "1000000" or "1,000,000.5" as the API's money string "1000000.50"; anything else unchanged (the API explains). */
export function toMoneyString(input: string): string {
  const trimmed = input.trim().replace(/,/g, '');
  if (/^\d+$/.test(trimmed)) return `${trimmed}.00`;
  if (/^\d+\.\d$/.test(trimmed)) return `${trimmed}0`;
  return trimmed;
}

export const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: '待登记',
  RETURNED: '退回补正',
  REFUSED: '不予登记',
  REGISTERED: '已登记',
  RELEASED: '已解押',
  DISPOSED: '已处置',
  ACTIVE: '正常',
  OVERDUE: '逾期',
  DEFAULTED: '违约',
  CLOSED: '已结清',
  PENDING: '待审核',
  PREPARED: '已预审',
  APPROVED: '已批准',
  REJECTED: '已驳回',
  PAID: '已支付',
  DRAFT: '草稿',
  PUBLISHED: '已发布',
};

export function status(value: string): string {
  return STATUS_LABELS[value] ?? value;
}

export const IP_TYPE_LABELS: Record<string, string> = {
  'invention-patent': '发明专利',
  'utility-model': '实用新型',
  'design-patent': '外观设计',
  trademark: '商标',
  copyright: '著作权',
  'software-copyright': '软件著作权',
  'plant-variety': '植物新品种',
  'geographical-indication': '地理标志',
  'layout-design': '集成电路布图设计',
};
