// The audit service's own configuration besides the service kit's: the Ed25519 key that signs the
// audit chain's checkpoints, and how often it signs (every N entries, and on an interval when the
// head moved).
import { z } from 'zod';
import { InvalidLedgerKeyError, parseLedgerSigningKey } from '@ipledger/ledger-proof';
import { loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';

export const AuditConfigSchema = ServiceConfigSchema.extend({
  /** Ed25519 private key (JWK JSON) that signs the audit chain's checkpoints. Only the audit service has it. */
  IPLEDGER_AUDIT_SIGNING_KEY: z
    .string({ error: 'is required: the Ed25519 private key (JWK JSON) that signs the audit trail’s checkpoints' })
    .superRefine((value, ctx) => {
      try {
        parseLedgerSigningKey(value);
      } catch (error) {
        if (!(error instanceof InvalidLedgerKeyError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    }),
  /** Sign the head at the latest once this many entries were chained since the last checkpoint. */
  AUDIT_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** And at least this often when the head moved since the last checkpoint. */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
});
export type AuditConfig = z.infer<typeof AuditConfigSchema>;

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return loadConfig(AuditConfigSchema, env);
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
/** The parsed signing key (and its public half). */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');
