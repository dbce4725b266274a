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
  sourceAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** When the audit service stored it. */
  recordedAt: Timestamp,
  /** Its place in the audit trail's hash chain (gap-free from 1). */
  sequence: z.string().regex(/^\d+$/).nullable(),
});
export type AuditEntryResponse = z.infer<typeof AuditEntryResponse>;

export const AuditListResponse = z.object({ items: z.array(AuditEntryResponse) });
export type AuditListResponse = z.infer<typeof AuditListResponse>;

/** The bureau's export of the whole chained trail (NDJSON, ipledger.audit-export.v1) for `ipledger audit verify`. */
export const AuditExportQuery = z.strictObject({});
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

export const AuditExportResponse = z
  .string()
  .describe(
    'NDJSON (application/x-ndjson), format ipledger.audit-export.v1: a header line, one line per entry of the hash chain in sequence order, each signed checkpoint after the entry it signs, and an end line with the counts and the head.',
  );
