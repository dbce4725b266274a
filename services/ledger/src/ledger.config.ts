// The ledger's own configuration besides the service kit's: the Ed25519 key that signs checkpoints
// of the hash chain, and how often it signs (every N entries, and on an interval when the head moved).
import { z } from 'zod';
import { InvalidLedgerKeyError, parseLedgerPublicKey, parseLedgerSigningKey, type LedgerPublicKey } from '@ipledger/ledger-proof';
import { loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';

export const LedgerConfigSchema = ServiceConfigSchema.extend({
  /** Ed25519 private key (JWK JSON) that signs checkpoints. Only the ledger process has it. */
  IPLEDGER_LEDGER_SIGNING_KEY: z
    .string({ error: 'is required: the Ed25519 private key (JWK JSON) that signs the ledger’s checkpoints' })
    .superRefine((value, ctx) => {
      try {
        parseLedgerSigningKey(value);
      } catch (error) {
        if (!(error instanceof InvalidLedgerKeyError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    }),
  /**
   * After a key rotation: the public keys (a JSON array of Ed25519 JWKs) that signed older
   * checkpoints, so that verify() still accepts them. Optional.
   */
  IPLEDGER_LEDGER_PREVIOUS_PUBLIC_KEYS: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parsePreviousKeys(value);
      } catch (error) {
        if (!(error instanceof InvalidLedgerKeyError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    }),
  /** Sign the head at the latest once this many entries were posted since the last checkpoint. */
  LEDGER_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** And at least this often when the head moved since the last checkpoint. */
  LEDGER_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
});
export type LedgerConfig = z.infer<typeof LedgerConfigSchema>;

/** IPLEDGER_LEDGER_PREVIOUS_PUBLIC_KEYS: a JSON array of public JWKs. */
export function parsePreviousKeys(value: string): LedgerPublicKey[] {
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    throw new InvalidLedgerKeyError('must be a JSON array of Ed25519 public keys as JWK; it is not JSON');
  }
  if (!Array.isArray(list)) throw new InvalidLedgerKeyError('must be a JSON array of Ed25519 public keys as JWK');
  return list.map((jwk, index) => {
    try {
      return parseLedgerPublicKey(JSON.stringify(jwk));
    } catch (error) {
      if (error instanceof InvalidLedgerKeyError) throw new InvalidLedgerKeyError(`[${index}] ${error.message}`);
      throw error;
    }
  });
}

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return loadConfig(LedgerConfigSchema, env);
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

/** The parsed signing key (and its public half), provided from the configuration. */
export const LEDGER_SIGNING_KEY = Symbol('LEDGER_SIGNING_KEY');

/** The keys verify() accepts checkpoints from: the signing key's public half, then the previous ones. */
export const LEDGER_VERIFY_KEYS = Symbol('LEDGER_VERIFY_KEYS');
