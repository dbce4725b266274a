// The borrower's size (大中小微) and industry (GB/T 4754 section) an application is judged by. What
// the bank registered with the pledge (it travels with LoanDisbursed) comes first; what the bank
// states on the application counts only where nothing was registered, and may not contradict it.
import { FIRM_SIZE_NAMES, type FirmSize } from './subsidy-scheme';

export interface FirmFacts {
  readonly size?: FirmSize;
  readonly industry?: string;
}

export interface FirmFactConflict {
  readonly field: 'firmSize' | 'industry';
  readonly rule: 'borrower-facts-conflict';
  readonly message: string;
}

export function firmFactsOf(
  registered: { readonly size: FirmSize | null; readonly industry: string | null },
  stated: FirmFacts,
): { readonly facts: FirmFacts; readonly conflicts: readonly FirmFactConflict[] } {
  const conflicts: FirmFactConflict[] = [];
  if (registered.size !== null && stated.size !== undefined && stated.size !== registered.size) {
    conflicts.push({
      field: 'firmSize',
      rule: 'borrower-facts-conflict',
      message: `申请所填企业规模（${FIRM_SIZE_NAMES[stated.size]}）与质押登记的企业规模（${FIRM_SIZE_NAMES[registered.size]}）不符`,
    });
  }
  if (registered.industry !== null && stated.industry !== undefined && stated.industry !== registered.industry) {
    conflicts.push({
      field: 'industry',
      rule: 'borrower-facts-conflict',
      message: `申请所填行业门类（${stated.industry}）与质押登记的行业门类（${registered.industry}）不符`,
    });
  }
  const size = registered.size ?? stated.size;
  const industry = registered.industry ?? stated.industry;
  return {
    facts: { ...(size === undefined ? {} : { size }), ...(industry === undefined ? {} : { industry }) },
    conflicts,
  };
}
