import { z } from 'zod';
import { AuditId, OrgId, Role, Timestamp } from '../primitives';
import { SERVICE_NAMES } from '../services';

/**
 * How a request ended, as the audit trail records it: 2xx `succeeded`; 401/403 `denied` (no or a
 * bad token, a role or rule that may not); any other 4xx `refused` (validation, unknown id, an
 * illegal transition, a broken rule, too many attempts); 5xx `failed`.
 */
export const AUDIT_OUTCOMES = ['succeeded', 'denied', 'refused', 'failed'] as const;
export const AuditOutcome = z.enum(AUDIT_OUTCOMES, { message: `must be one of ${AUDIT_OUTCOMES.join(', ')}` });
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/**
 * Who made the request, as far as it is known: a verified token's organisation, role and user; on
 * a login the username (or client id) that was attempted with organisation and role null; all null
 * when a request carried no valid token.
 */
export const AuditActor = z.object({
  orgId: OrgId.nullable(),
  role: Role.nullable(),
  userId: z.string().min(1).max(128).nullable(),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const CommandAuditedV1 = z.object({
  auditId: AuditId,
  /** When the service answered the request. */
  at: Timestamp,
  service: z.enum(SERVICE_NAMES),
  method: z.enum(['GET', 'POST']),
  /** The route's template from the routes table, e.g. /api/claims/{claimId}/approve. */
  path: z.string().min(1).max(200),
  /** The first path parameter's value, else the id of what the command created; null if neither. */
  targetId: z.string().min(1).max(200).nullable(),
  actor: AuditActor,
  requestId: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
  outcome: AuditOutcome,
  /** The HTTP status answered. */
  status: z.number().int().min(100).max(599),
  /** For anything but success: the error code and message (`forbidden: role bank may not …`). */
  reason: z.string().min(1).max(500).nullable(),
  /**
   * The caller's address as the service resolved it (X-Forwarded-For believed only from a trusted
   * proxy). Optional within v1: records from before it say nothing.
   */
  sourceAddress: z.string().min(1).max(64).nullable().optional(),
  /** The caller's User-Agent header, shortened to 300 characters; null when none was sent. Optional within v1. */
  userAgent: z.string().min(1).max(300).nullable().optional(),
});
