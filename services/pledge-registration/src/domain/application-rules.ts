// What a pledge application must meet beyond its shape (the contracts' zod schema checks that):
// real identifiers with correct check characters, no IP item twice, a Chongqing district.
// Pure: no framework, no database. Every broken rule is reported, not just the first.
import type { FieldIssue, SubmitPledgeApplicationRequest } from '@ipledger/contracts';
import { districtIssues, ipItemIssues, validateUscc } from '@ipledger/identifiers';

export { normalisedIpNumber } from '@ipledger/identifiers';

export function checkApplication(request: SubmitPledgeApplicationRequest): FieldIssue[] {
  return [...checkPledgor(request), ...ipItemIssues(request.ipItems), ...districtIssues(request.districtCode)];
}

function checkPledgor(request: SubmitPledgeApplicationRequest): FieldIssue[] {
  const uscc = validateUscc(request.pledgor.uscc);
  return uscc.ok ? [] : [{ field: 'pledgor.uscc', rule: uscc.reason }];
}
