// ipledger audit export | verify: the audit trail's hash chain and signed checkpoints, fetched from
// the audit service's export (GET /api/audit/export, as a bureau user; never read from its tables)
// or from a saved export file, and checked with the audit checkpoint public key alone.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyAuditExport, type AuditVerification } from '@ipledger/audit-proof';
import type { LedgerPublicKey } from '@ipledger/ledger-proof';
import { connect, type ConnectionOptions } from '../connection';
import { CliError, EXIT } from '../errors';
import type { Io } from '../io';
import { publicKeysOf, type CheckpointKey } from '../ledger-proof/ledger-options';

export const AUDIT_DEFAULT_USER = 'wang.fang';
export const AUDIT_PUBLIC_KEY_ENV = 'IPLEDGER_AUDIT_PUBLIC_KEY';
export const AUDIT_CHECKPOINT_KEY: CheckpointKey = {
  command: 'audit verify',
  what: 'the audit trail checkpoint public key',
  signer: 'the audit service',
  envName: AUDIT_PUBLIC_KEY_ENV,
  secretsField: 'auditPublicJwk',
  fileName: 'audit-public.jwk.json',
};

export interface AuditExportOptions {
  out: string;
}

export interface AuditVerifyOptions {
  file?: string;
  publicKey?: string[];
}

async function fetchExport(connection: ConnectionOptions, io: Io): Promise<Buffer> {
  const { api, user } = connect(connection, io, AUDIT_DEFAULT_USER);
  const { bytes } = await api.download(user, '/api/audit/export', 'export the audit trail');
  return bytes;
}

export async function auditExportCommand(options: AuditExportOptions, connection: ConnectionOptions, io: Io): Promise<void> {
  const bytes = await fetchExport(connection, io);
  io.writeFile(options.out, bytes);
  io.stderr.write(`wrote ${options.out} (${bytes.length} bytes)\n`);
}

export function describeAuditVerification(result: AuditVerification, keys: readonly LedgerPublicKey[]): string {
  if (!result.ok) {
    const entry =
      result.sequence === null ? 'the export' : `entry ${result.sequence}${result.auditId === null ? '' : ` (${result.auditId})`}`;
    return `FAILED: ${entry}${result.line === null ? '' : `, line ${result.line}`}: ${result.reason}`;
  }
  const last =
    result.lastCheckpoint === null
      ? 'no checkpoint yet'
      : `last checkpoint ${result.lastCheckpoint.sequence} signed ${result.lastCheckpoint.signedAt} by key ${result.lastCheckpoint.keyId}`;
  return (
    `OK: ${result.entries} audit entries, ${result.checkpoints} checkpoints, head ${result.head.sequence} ${result.head.hash}, ` +
    `key ${keys.map((key) => key.keyId).join(', ')}, ${last}, ${result.entriesAfterLastCheckpoint} entries after it`
  );
}

export async function auditVerifyCommand(options: AuditVerifyOptions, connection: ConnectionOptions, io: Io): Promise<void> {
  // The key first: without it nothing can be verified, and the message says where it comes from.
  const keys = publicKeysOf(options, io, AUDIT_CHECKPOINT_KEY);
  let result: AuditVerification;
  if (options.file !== undefined) {
    const file = options.file;
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    result = await verifyAuditExport(lines, keys).catch((error: unknown) => {
      throw new CliError(`--file ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`, EXIT.failure);
    });
  } else {
    const text = (await fetchExport(connection, io)).toString('utf8');
    result = await verifyAuditExport(text.split('\n'), keys);
  }
  io.stdout.write(`${describeAuditVerification(result, keys)}\n`);
  if (!result.ok) throw new CliError('the audit trail did not verify', EXIT.verification);
}
