import { z } from 'zod';
import { AuditActor, AuditOutcome } from '../events/audit-events';
import { AuditId, OrgId, Timestamp } from '../primitives';
import { SERVICE_NAMES } from '../services';

/** The bureau's query of the audit trail; every filter is optional, newest first. */
export const ListAuditQuery = z
  .strictObject({
    targetId: z.string().min(1).max(200).optional(),
    userId: z.string().min(1).max(128).optional(),
    orgId: OrgId.optional(),
    outcome: AuditOutcome.optional(),
    /** Entries at or after this instant. */
    from: Timestamp.optional(),
    /** Entries before this instant. */
    to: Timestamp.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to), {
    message: 'must be after from',
    path: ['to'],
  });
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

export const AuditEntryResponse = z.object({
  auditId: AuditId,
  at: Timestamp,
  service: z.enum(SERVICE_NAMES),
  method: z.enum(['GET', 'POST']),
  path: z.string(),
  targetId: z.string().nullable(),
  actor: AuditActor,
  requestId: z.string(),
  correlationId: z.string(),
  outcome: AuditOutcome,
  status: z.number().int(),
  reason: z.string().nullable(),
  /** When the audit service stored it. */
  recordedAt: Timestamp,
});
export type AuditEntryResponse = z.infer<typeof AuditEntryResponse>;

export const AuditListResponse = z.object({ items: z.array(AuditEntryResponse) });
export type AuditListResponse = z.infer<typeof AuditListResponse>;
