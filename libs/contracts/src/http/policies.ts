import { z } from 'zod';
import { PolicyDocument } from '../events/policy-events';
import { DateString, OrgId, PolicyId, Timestamp } from '../primitives';

export const POLICY_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export const PolicyStatus = z.enum(POLICY_STATUSES);

/** A new draft: the policy's rules; the service assigns its id and version 1. */
export const CreatePolicyDraftRequest = PolicyDocument;
export type CreatePolicyDraftRequest = z.infer<typeof CreatePolicyDraftRequest>;

/** The next version of a published policy: the full rules again (a version is never a patch). */
export const CreatePolicyVersionRequest = PolicyDocument;
export type CreatePolicyVersionRequest = z.infer<typeof CreatePolicyVersionRequest>;

export const PolicyResponse = z.object({
  id: PolicyId,
  /** The id of version 1, shared by every version of the policy; also the id of the policy's fund. */
  seriesId: PolicyId,
  version: z.number().int().min(1),
  status: PolicyStatus,
  name: z.string(),
  effectiveFrom: DateString,
  effectiveTo: DateString.nullable(),
  document: PolicyDocument,
  createdByOrgId: OrgId,
  createdAt: Timestamp,
  publishedByOrgId: OrgId.nullable(),
  publishedAt: Timestamp.nullable(),
});
export type PolicyResponse = z.infer<typeof PolicyResponse>;

export const ListPoliciesQuery = z.strictObject({ status: PolicyStatus.optional() });
export const PolicyListResponse = z.object({ items: z.array(PolicyResponse) });

/** A shipped preset: a real scheme as published, with the document it follows. */
export const PolicyPresetResponse = z.object({
  presetId: z.string(),
  version: z.number().int().min(1),
  source: z.string(),
  document: PolicyDocument,
});
export const PolicyPresetListResponse = z.object({ items: z.array(PolicyPresetResponse) });
