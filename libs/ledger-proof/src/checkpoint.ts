// Signed checkpoints: the chain head at a sequence, signed with the ledger's Ed25519 key. Whoever
// holds the public key can then check a journal (in the database or an exported file) without
// trusting whoever stores it: rewriting history means re-signing, and only the ledger can.
import { sign, verify } from 'node:crypto';
import type { ChainHead } from './hash-chain';
import type { LedgerPublicKey, LedgerSigningKey } from './signing-key';

/** Bumped if the signed message ever changes; it is the first line of what is signed. */
export const CHECKPOINT_VERSION = 'ipledger.ledger-checkpoint.v1';

export interface Checkpoint {
  sequence: bigint;
  hash: string;
  /** ISO-8601 with milliseconds, UTC (as PostgreSQL's timestamptz(3) gives it back). */
  signedAt: string;
  keyId: string;
  /** Ed25519 signature of checkpointMessage(), base64url. */
  signature: string;
}

/**
 * What is signed: version, sequence, hash and time, one per line. The version names the chain (the
 * ledger's, or another such as the audit trail's), so a signature of one chain never passes as
 * one of another.
 */
export function checkpointMessage(
  checkpoint: Pick<Checkpoint, 'sequence' | 'hash' | 'signedAt'>,
  version: string = CHECKPOINT_VERSION,
): string {
  return `${version}\n${checkpoint.sequence.toString(10)}\n${checkpoint.hash}\n${checkpoint.signedAt}`;
}

/** Signs `head` at `signedAt` (truncated to milliseconds, as stored). */
export function signCheckpoint(head: ChainHead, signedAt: Date, key: LedgerSigningKey, version: string = CHECKPOINT_VERSION): Checkpoint {
  const unsigned = { sequence: head.sequence, hash: head.hash, signedAt: signedAt.toISOString() };
  const signature = sign(null, Buffer.from(checkpointMessage(unsigned, version), 'utf8'), key.privateKey).toString('base64url');
  return { ...unsigned, keyId: key.keyId, signature };
}

export type CheckpointCheck = { ok: true } | { ok: false; reason: string };

/**
 * Is `checkpoint` signed by the key it names, one of `publicKeys` (several after a key rotation)?
 * The reason says which part failed.
 */
export function checkCheckpointSignature(
  checkpoint: Checkpoint,
  publicKeys: readonly LedgerPublicKey[],
  version: string = CHECKPOINT_VERSION,
): CheckpointCheck {
  const publicKey = publicKeys.find((candidate) => candidate.keyId === checkpoint.keyId);
  if (publicKey === undefined) {
    const given = publicKeys.map((candidate) => candidate.keyId).join(', ') || 'none';
    return {
      ok: false,
      reason: `checkpoint ${checkpoint.sequence} names signing key ${checkpoint.keyId}, not a public key given (${given})`,
    };
  }
  const signature = Buffer.from(checkpoint.signature, 'base64url');
  const valid =
    signature.length === 64 && verify(null, Buffer.from(checkpointMessage(checkpoint, version), 'utf8'), publicKey.key, signature);
  return valid
    ? { ok: true }
    : {
        ok: false,
        reason: `checkpoint ${checkpoint.sequence}: the signature does not match its sequence, hash and time under key ${publicKey.keyId} (forged or altered)`,
      };
}
