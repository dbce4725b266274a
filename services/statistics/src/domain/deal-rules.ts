// What a deal must meet beyond its shape (the contracts' zod schema checks that): real USCCs and
// IP numbers with correct check characters, no IP item twice, a current Chongqing district, two
// different parties, and a contract date not in the future. Pure; every broken rule is reported.
import type { FieldIssue, RecordDealRequest } from '@ipledger/contracts';
import { districtIssues, ipItemIssues, validateUscc } from '@ipledger/identifiers';

export { normalisedIpNumber } from '@ipledger/identifiers';

export function checkDeal(request: RecordDealRequest, today: string): FieldIssue[] {
  return [...checkParties(request), ...ipItemIssues(request.ipItems), ...districtIssues(request.districtCode), ...checkContractDate(request.contractDate, today)];
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

function checkContractDate(contractDate: string, today: string): FieldIssue[] {
  return contractDate > today ? [{ field: 'contractDate', rule: `must not be in the future (today is ${today})` }] : [];
}

