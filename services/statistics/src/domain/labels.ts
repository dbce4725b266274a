// Chinese labels for the values a breakdown is keyed by: districts by their division name, IP
// types and GB/T 4754-2017 industry sections by their statistical names, subsidy kinds by the names
// of the schemes. Banks are shown by their organisation id (the statistics service keeps no
// organisation names).
import { SUBSIDY_KINDS, type IpType } from '@ipledger/contracts';
import { validateChongqingDivisionCode } from '@ipledger/identifiers';
import { UNCLASSIFIED_INDUSTRY, UNKNOWN_VALUE } from './categories';

export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

/** 扶持资金 by the cost it lowers (docs/subsidies.md). */
export const SUBSIDY_KIND_LABELS: Readonly<Record<SubsidyKind, string>> = {
  interest: '贴息',
  'evaluation-fee': '评估费补贴',
  'guarantee-fee': '担保费补贴',
  'insurance-premium': '保险费补贴',
};

/** What a value the statistics could not learn is shown as, in any breakdown. */
export const UNKNOWN_LABEL = '不详';

/** Every IP type a pledge or deal may carry, so a type added to IP_TYPES cannot go without its name. */
export const IP_TYPE_LABELS: Readonly<Record<IpType, string>> = {
  'invention-patent': '发明专利',
  'utility-model': '实用新型专利',
  'design-patent': '外观设计专利',
  trademark: '商标',
  copyright: '著作权',
  'software-copyright': '软件著作权',
  'plant-variety': '植物新品种',
  'geographical-indication': '地理标志',
  'layout-design': '集成电路布图设计',
};

/** 国民经济行业分类 (GB/T 4754-2017) sections. */
export const INDUSTRY_LABELS: Readonly<Record<string, string>> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
  [UNCLASSIFIED_INDUSTRY]: '未分类',
};

export function districtLabel(code: string): string {
  const division = validateChongqingDivisionCode(code);
  return division.ok ? division.value.name : code;
}

export function valueLabel(dimension: 'district' | 'ip-type' | 'industry' | 'bank', value: string): string {
  if (value === UNKNOWN_VALUE) return UNKNOWN_LABEL;
  switch (dimension) {
    case 'district':
      return districtLabel(value);
    case 'ip-type':
      return (IP_TYPE_LABELS as Readonly<Record<string, string>>)[value] ?? value;
    case 'industry':
      return INDUSTRY_LABELS[value] ?? value;
    case 'bank':
      return value;
  }
}
