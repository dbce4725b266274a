// What a deal must meet beyond its shape (the contracts' zod schema checks that): real USCCs and
// IP numbers with correct check characters, no IP item twice, a current Chongqing district, two
// different parties, and a contract date not in the future. Pure; every broken rule is reported.
import type { FieldIssue, RecordDealRequest } from '@ipledger/contracts';
import { validateChongqingDivisionCode, validateIpNumber, validateUscc } from '@ipledger/identifiers';

export function checkDeal(request: RecordDealRequest, today: string): FieldIssue[] {
  return [...checkParties(request), ...checkIpItems(request), ...checkDistrict(request.districtCode), ...checkContractDate(request.contractDate, today)];
}

function checkParties(request: RecordDealRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const side of ['from', 'to'] as const) {
    const uscc = validateUscc(request[side].uscc);
    if (!uscc.ok) issues.push({ field: `${side}.uscc`, rule: uscc.reason });
  }
  if (issues.length === 0 && request.from.uscc === request.to.uscc) issues.push({ field: 'to.uscc', rule: 'must differ from from.uscc: a deal is between two parties' });
  return issues;
}

function checkIpItems(request: RecordDealRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstPosition = new Map<string, number>();
  request.ipItems.forEach((item, index) => {
    const field = `ipItems[${index}].number`;
    const number = validateIpNumber(item.ipType, item.number);
    if (!number.ok) {
      issues.push({ field, rule: number.reason });
      return;
    }
    const key = `${item.ipType} ${number.value.normalised}`;
    const earlier = firstPosition.get(key);
    if (earlier === undefined) firstPosition.set(key, index);
    else issues.push({ field, rule: `${key} is already listed as ipItems[${earlier}]` });
  });
  return issues;
}

function checkDistrict(code: string): FieldIssue[] {
  const division = validateChongqingDivisionCode(code);
  if (!division.ok) {
    const rule = division.reason.includes(code) ? division.reason : `division code ${code}: ${division.reason}`;
    return [{ field: 'districtCode', rule }];
  }
  if (division.value.retired) {
    return [{ field: 'districtCode', rule: `division code ${code} (${division.value.name}) was retired; use ${division.value.successor}` }];
  }
  return [];
}

function checkContractDate(contractDate: string, today: string): FieldIssue[] {
  return contractDate > today ? [{ field: 'contractDate', rule: `must not be in the future (today is ${today})` }] : [];
}

/** The one spelling an IP item is stored under (a granted patent loses its "ZL"); call after checkDeal. */
export function normalisedIpNumber(ipType: string, number: string): string {
  const result = validateIpNumber(ipType, number);
  return result.ok ? result.value.normalised : number;
}
