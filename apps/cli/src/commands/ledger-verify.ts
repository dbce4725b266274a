// ipledger ledger verify [--file FILE]: recomputes the hash chain and checks every signed
// checkpoint with the public key, from the ledger's database (also against ledger.chain_head) or
// from an audit file (needing nothing else). Prints one OK line, or FAILED with the first entry
// that does not match and why (exit 5).
import {
  verifyAuditFile,
  verifyLedgerStream,
  type ChainHead,
  type LedgerPublicKey,
  type StreamFailure,
  type StreamVerification,
} from '@ipledger/ledger-proof';
import { CliError, EXIT } from '../errors';
import type { Io } from '../io';
import { databaseUrlOf, publicKeysOf } from '../ledger-proof/ledger-options';
import { LedgerSnapshot } from '../ledger-proof/ledger-snapshot';

export interface LedgerVerifyOptions {
  file?: string;
  publicKey?: string[];
  databaseUrl?: string;
}

export function describeVerification(result: StreamVerification, keys: readonly LedgerPublicKey[]): string {
  if (!result.ok) {
    const entry = result.sequence === null ? 'the file' : `entry ${result.sequence} (${result.entryId ?? 'id unknown'})`;
    return `FAILED: ${entry}${result.line === null ? '' : `, line ${result.line}`}: ${result.reason}`;
  }
  const last =
    result.lastCheckpoint === null
      ? 'no checkpoint yet'
      : `last checkpoint ${result.lastCheckpoint.sequence} signed ${result.lastCheckpoint.signedAt} by key ${result.lastCheckpoint.keyId}`;
  return (
    `OK: ${result.entries} entries, ${result.checkpoints} checkpoints, head ${result.head.sequence} ${result.head.hash}, ` +
    `key ${keys.map((key) => key.keyId).join(', ')}, ${last}, ${result.entriesAfterLastCheckpoint} entries after it`
  );
}

/** The database's stored head must be the recomputed one: otherwise entries were added or removed behind the chain. */
function againstStoredHead(result: StreamVerification, stored: ChainHead): StreamVerification {
  if (!result.ok || (result.head.sequence === stored.sequence && result.head.hash === stored.hash)) return result;
  const failure: StreamFailure = {
    ok: false,
    sequence: result.head.sequence,
    entryId: null,
    line: null,
    reason: `ledger.chain_head says head ${stored.sequence} ${stored.hash}; the entries recompute to ${result.head.sequence} ${result.head.hash}`,
  };
  return failure;
}

export async function ledgerVerifyCommand(options: LedgerVerifyOptions, io: Io): Promise<void> {
  const keys = publicKeysOf(options, io);
  let result: StreamVerification;
  if (options.file !== undefined) {
    result = await verifyAuditFile(options.file, { publicKeys: keys }).catch((error: unknown) => {
      throw new CliError(
        `--file ${options.file}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
        EXIT.failure,
      );
    });
  } else {
    const snapshot = await LedgerSnapshot.open(databaseUrlOf(options, io));
    try {
      const stored = await snapshot.storedHead();
      result = againstStoredHead(await verifyLedgerStream(snapshot.journal(null), { publicKeys: keys, file: false }), stored);
    } finally {
      await snapshot.close();
    }
  }
  io.stdout.write(`${describeVerification(result, keys)}\n`);
  if (!result.ok) throw new CliError('the ledger did not verify', EXIT.verification);
}
