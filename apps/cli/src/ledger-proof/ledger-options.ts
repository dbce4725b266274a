// Where the ledger commands read from: the database URL (--database-url, IPLEDGER_AUDITOR_DATABASE_URL
// or DATABASE_URL; meant to be the read-only role ipledger_auditor, which may SELECT in the ledger's
// schema and nothing else: the verifier stays independent of the ledger service's code) and the
// public key(s) that check checkpoints (--public-key FILE, repeatable for rotated keys, or
// IPLEDGER_LEDGER_PUBLIC_KEY).
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
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

/** Which checkpoint key a verify command needs, and where an operator finds it. */
export interface CheckpointKey {
  /** The command, for the message: `ledger verify`. */
  command: string;
  /** What the key is, in words: `the ledger checkpoint public key`. */
  what: string;
  /** Whose private half signs: `the ledger service`. */
  signer: string;
  /** The environment variable that may hold it (JWK JSON). */
  envName: string;
  /** Its field in a local run's secrets.json (npm start's data folder). */
  secretsField: string;
  /** A file name to suggest for --public-key. */
  fileName: string;
}

export const LEDGER_CHECKPOINT_KEY: CheckpointKey = {
  command: 'ledger verify',
  what: 'the ledger checkpoint public key',
  signer: 'the ledger service',
  envName: 'IPLEDGER_LEDGER_PUBLIC_KEY',
  secretsField: 'ledgerPublicJwk',
  fileName: 'ledger-public.jwk.json',
};

/**
 * What to say when no key was given (exit 2): which key, the two ways to give it, and where a local
 * run and a deployment keep it, with the command that writes it to a file.
 */
export function missingKeyMessage(key: CheckpointKey, io: Io): string {
  const home = io.env.IPLEDGER_HOME;
  const secrets = home === undefined || home === '' ? '.ipledger/secrets.json' : `${home.replace(/\/+$/, '')}/secrets.json`;
  // require() takes a bare name for a package: a relative path needs its ./
  const requirable = isAbsolute(secrets) || /^\.\.?\//.test(secrets) ? secrets : `./${secrets}`;
  return [
    `no public key: ${key.command} needs ${key.what} (Ed25519, JWK JSON: the public half of the key ${key.signer} signs its checkpoints with).`,
    `  give it as a file:  --public-key ${key.fileName}   (repeat the option for keys rotated out)`,
    `  or in the environment:  ${key.envName}='{"kty":"OKP","crv":"Ed25519","x":"…"}'`,
    `  a local run (npm start) keeps it in ${secrets}, field ${key.secretsField}:`,
    `    node -p 'require("${requirable}").${key.secretsField}' > ${key.fileName}`,
    `  a deployment: the ${key.envName} its services are given (the public key is not secret).`,
  ].join('\n');
}

/** The public keys from --public-key files, else from the key's environment variable (the ledger's by default; `ipledger audit verify` names the audit key). */
export function publicKeysOf(options: { publicKey?: string[] }, io: Io, key: CheckpointKey = LEDGER_CHECKPOINT_KEY): LedgerPublicKey[] {
  const envName = key.envName;
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
    throw new UsageError(missingKeyMessage(key, io));
  }
  return [parseKey(fromEnv, envName)];
}
