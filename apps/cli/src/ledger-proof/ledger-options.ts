// Where the ledger commands read from: the database URL (--database-url, IPLEDGER_AUDITOR_DATABASE_URL
// or DATABASE_URL; meant to be the read-only role ipledger_auditor, which may SELECT in the ledger's
// schema and nothing else: the verifier stays independent of the ledger service's code) and the
// public key(s) that check checkpoints (--public-key FILE, repeatable for rotated keys, or
// IPLEDGER_LEDGER_PUBLIC_KEY).
import { readFileSync } from 'node:fs';
import { InvalidLedgerKeyError, parseLedgerPublicKey, type LedgerPublicKey } from '@ipledger/ledger-proof';
import { UsageError } from '../errors';
import type { Io } from '../io';

export function databaseUrlOf(options: { databaseUrl?: string }, io: Io): string {
  const auditor = io.env.IPLEDGER_AUDITOR_DATABASE_URL;
  const url = options.databaseUrl ?? (auditor === undefined || auditor === '' ? io.env.DATABASE_URL : auditor);
  if (url === undefined || url === '') {
    throw new UsageError(
      'no database: pass --database-url <postgresql://…> or set DATABASE_URL (the ledger’s database, as the read-only role ipledger_auditor; or set IPLEDGER_AUDITOR_DATABASE_URL)',
    );
  }
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new UsageError('the database URL must be a postgresql:// URL');
  return url;
}

function parseKey(json: string, source: string): LedgerPublicKey {
  try {
    return parseLedgerPublicKey(json);
  } catch (error) {
    if (error instanceof InvalidLedgerKeyError) throw new UsageError(`${source}: ${error.message}`);
    throw error;
  }
}

/** The public keys from --public-key files, else from `envName` (the ledger's by default; `ipledger audit verify` names the audit key's). */
export function publicKeysOf(options: { publicKey?: string[] }, io: Io, envName = 'IPLEDGER_LEDGER_PUBLIC_KEY'): LedgerPublicKey[] {
  const files = options.publicKey ?? [];
  if (files.length > 0) {
    return files.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`--public-key ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
      }
      return parseKey(text.trim(), `--public-key ${file}`);
    });
  }
  const fromEnv = io.env[envName];
  if (fromEnv === undefined || fromEnv === '') {
    throw new UsageError(`no public key to check checkpoints with: pass --public-key <jwk-file> or set ${envName} (JWK JSON)`);
  }
  return [parseKey(fromEnv, envName)];
}
