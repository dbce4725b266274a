// A stored policy version as the domain sees it: the document plus the id and version it is stored
// under. Used by the policy commands (validate a draft) and the claim path (judge by a published one).
import type { PolicyDocument } from '@ipledger/contracts';
import { publishPolicy, type PolicyDraft, type PublishedPolicy } from './domain';
import { toPolicyResponse, type PolicyRow } from './policies.repository';

export function toDraft(policyId: string, version: number, document: PolicyDocument): PolicyDraft {
  return { policyId, version, ...document };
}

/**
 * The frozen domain policy of a PUBLISHED row. A published row passed validation when it was
 * published and cannot change, so a failure here is a bug or tampering, never user input.
 */
export function toPublishedPolicy(row: PolicyRow): PublishedPolicy {
  const response = toPolicyResponse(row);
  if (response.status !== 'PUBLISHED') throw new Error(`policy ${row.id} is ${response.status}, not PUBLISHED`);
  const result = publishPolicy(toDraft(response.id, response.version, response.document));
  if (!result.ok)
    throw new Error(`published policy ${row.id} no longer validates: ${result.problems.map((problem) => problem.message).join('; ')}`);
  return result.policy;
}
