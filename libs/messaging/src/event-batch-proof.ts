// One signature for a batch of events: a Merkle tree over the values a relay sends together, its
// root signed once, and each message carrying the path from its value to that root. A consumer
// checks the path (a few SHA-256 hashes) and the root's signature, once per batch: Ed25519 costs
// about 100 µs to verify and 40 µs to sign here, a hash about 1 µs, and signing and checking every
// event one by one was a third of the ledger's CPU (docs/performance.md).
//
// The tree is RFC 6962's hashing with an explicit shape: a leaf is SHA-256(0x00 ‖ value), a node
// SHA-256(0x01 ‖ left ‖ right), levels paired left to right, an odd last node carried up as it is.
// The signed message names the scheme, the number of leaves and the root, so a batch signature
// never passes for an event's own signature (that one covers an envelope's JSON, which cannot start
// with the scheme's name) and a path cannot claim another shape of tree.
import { createHash } from 'node:crypto';

/** The first line of what a batch signature covers. */
export const BATCH_SIGNATURE_SCHEME = 'ipledger.event-batch.v1';

const HASH_BYTES = 32;
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** Where a value sits in its batch and the sibling hashes from it up to the root. */
export interface BatchProof {
  index: number;
  count: number;
  siblings: Buffer[];
}

export function leafHash(value: Buffer): Buffer {
  return createHash('sha256').update(LEAF).update(value).digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The bytes a batch's signature covers. */
export function batchSignedMessage(count: number, root: Buffer): Buffer {
  return Buffer.from(`${BATCH_SIGNATURE_SCHEME}\n${count}\n${root.toString('hex')}`, 'utf8');
}

/** The root of the batch of `values` and each value's proof, in order. */
export function batchTree(values: readonly Buffer[]): { root: Buffer; proofs: BatchProof[] } {
  if (values.length === 0) throw new Error('a batch of no values has no root');
  const proofs: BatchProof[] = values.map((_, index) => ({ index, count: values.length, siblings: [] }));
  // positions[i]: where value i's ancestor sits on the current level.
  const positions = values.map((_, index) => index);
  let level = values.map(leafHash);
  while (level.length > 1) {
    positions.forEach((position, value) => {
      const sibling = position % 2 === 0 ? level[position + 1] : level[position - 1];
      if (sibling !== undefined) proofs[value]?.siblings.push(sibling);
      positions[value] = Math.floor(position / 2);
    });
    const next: Buffer[] = [];
    for (let index = 0; index < level.length; index += 2) {
      const left = level[index] as Buffer;
      const right = level[index + 1];
      next.push(right === undefined ? left : nodeHash(left, right));
    }
    level = next;
  }
  return { root: level[0] as Buffer, proofs };
}

/** The root that `value` and its proof lead to, or undefined when the proof does not fit its shape. */
export function rootOf(value: Buffer, proof: BatchProof): Buffer | undefined {
  const { index, count, siblings } = proof;
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(index) || index < 0 || index >= count) return undefined;
  let hash = leafHash(value);
  let position = index;
  let size = count;
  let used = 0;
  while (size > 1) {
    const isLastAlone = position % 2 === 0 && position === size - 1;
    if (!isLastAlone) {
      const sibling = siblings[used];
      if (sibling === undefined || sibling.length !== HASH_BYTES) return undefined;
      used += 1;
      hash = position % 2 === 0 ? nodeHash(hash, sibling) : nodeHash(sibling, hash);
    }
    position = Math.floor(position / 2);
    size = Math.ceil(size / 2);
  }
  return used === siblings.length ? hash : undefined;
}

/** `index/count/siblings` with the siblings concatenated in base64url: the proof's header value. */
export function formatBatchProof(proof: BatchProof): string {
  return `${proof.index}/${proof.count}/${Buffer.concat(proof.siblings).toString('base64url')}`;
}

/** The proof a header value names, or undefined when it is not one. */
export function parseBatchProof(text: string): BatchProof | undefined {
  const match = /^(\d{1,9})\/(\d{1,9})\/([A-Za-z0-9_-]*)$/.exec(text);
  if (match === null) return undefined;
  const bytes = Buffer.from(match[3] ?? '', 'base64url');
  if (bytes.length % HASH_BYTES !== 0) return undefined;
  const siblings: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += HASH_BYTES) siblings.push(bytes.subarray(offset, offset + HASH_BYTES));
  return { index: Number(match[1]), count: Number(match[2]), siblings };
}
