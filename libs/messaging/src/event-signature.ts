// Signed events: the publishing service signs every message's value (the exact bytes sent: the
// envelope's JSON) with its own Ed25519 key, and every consumer checks the signature with the
// public key of the producer the envelope names, which must be a catalogue producer of its type
// (parseEvent checks that first). So a principal that may write a topic, the audit topic above all
// (every service writes CommandAudited), still cannot pass an event off as another service's.
// The signature and the key's id travel in Kafka headers; a redriven dead letter keeps them.
// Several keys per service may be trusted at once (key rotation): the key id picks one.
//
// Events sent together are signed together (event-batch-proof.ts): one signature over the root of
// a Merkle tree of their values, each message carrying its path to the root in BATCH_PROOF_HEADER;
// the verifier checks the path and the root's signature, a root's once. A message without that
// header carries its own signature over its value, as a batch of one does.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SERVICE_NAMES, type ServiceName } from '@ipledger/contracts';
import { batchSignedMessage, batchTree, formatBatchProof, parseBatchProof, rootOf } from './event-batch-proof';

export const SIGNATURE_HEADER = 'ipledger-signature';
export const KEY_ID_HEADER = 'ipledger-key-id';
/** On a message signed with its batch: `index/count/siblings` (event-batch-proof.ts). */
export const BATCH_PROOF_HEADER = 'ipledger-batch-proof';

/** How many verified batch roots a verifier remembers. */
const VERIFIED_ROOTS_KEPT = 4_096;

export type SignatureRejection = 'unsigned' | 'bad-signature';

interface Jwk {
  kty?: unknown;
  crv?: unknown;
  x?: unknown;
  d?: unknown;
  kid?: unknown;
}

function parseJwk(json: string | Jwk, what: string): Jwk & { kid: string } {
  const jwk = (typeof json === 'string' ? JSON.parse(json) : json) as Jwk;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error(`${what} is not an Ed25519 JWK`);
  if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new Error(`${what} has no key id (kid)`);
  return jwk as Jwk & { kid: string };
}

/** Signs what a service publishes, with its private key (IPLEDGER_EVENT_SIGNING_KEY, JWK JSON with kid). */
export class EventSigner {
  readonly keyId: string;
  private readonly key: KeyObject;

  constructor(privateJwk: string) {
    const jwk = parseJwk(privateJwk, 'the event signing key');
    if (typeof jwk.d !== 'string') throw new Error('the event signing key is a public key: the private JWK (with "d") is needed');
    this.keyId = jwk.kid;
    this.key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string, d: jwk.d }, format: 'jwk' });
  }

  /** The headers that carry the signature of `value`. */
  headersFor(value: string | Buffer): Record<string, string> {
    return { [SIGNATURE_HEADER]: sign(null, asBytes(value), this.key).toString('base64url'), [KEY_ID_HEADER]: this.keyId };
  }

  /** The headers of each of `values`, sent together: one signature over their tree's root, each with its proof. */
  headersForAll(values: readonly (string | Buffer)[]): Record<string, string>[] {
    if (values.length <= 1) return values.map((value) => this.headersFor(value));
    const { root, proofs } = batchTree(values.map(asBytes));
    const signature = sign(null, batchSignedMessage(values.length, root), this.key).toString('base64url');
    return proofs.map((proof) => ({
      [SIGNATURE_HEADER]: signature,
      [KEY_ID_HEADER]: this.keyId,
      [BATCH_PROOF_HEADER]: formatBatchProof(proof),
    }));
  }
}

function asBytes(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureRejection; message: string };

function headerString(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
  name: string,
): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Checks signatures against every service's public keys (IPLEDGER_EVENT_PUBLIC_KEYS:
 * {"<service>": [jwk-with-kid, …]}; two keys of one service during a rotation).
 */
export class EventVerifier {
  private readonly keys = new Map<string, Map<string, KeyObject>>();
  /** Batch roots whose signature checked out ("producer/keyId/count/root/signature"), oldest first. */
  private readonly verifiedRoots = new Set<string>();

  constructor(publicKeys: string | Record<string, readonly (string | Jwk)[]>) {
    const parsed = (typeof publicKeys === 'string' ? JSON.parse(publicKeys) : publicKeys) as Record<string, unknown>;
    for (const [service, list] of Object.entries(parsed)) {
      if (!(SERVICE_NAMES as readonly string[]).includes(service)) throw new Error(`event public keys: ${service} is not a service`);
      if (!Array.isArray(list) || list.length === 0) throw new Error(`event public keys: ${service} needs a list of one or more keys`);
      const byId = new Map<string, KeyObject>();
      for (const entry of list as (string | Jwk)[]) {
        const jwk = parseJwk(entry, `a public key of ${service}`);
        if (jwk.d !== undefined) throw new Error(`event public keys: a key of ${service} is a private key`);
        byId.set(jwk.kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string }, format: 'jwk' }));
      }
      this.keys.set(service, byId);
    }
    const missing = SERVICE_NAMES.filter((service) => !this.keys.has(service));
    if (missing.length > 0) throw new Error(`event public keys: no key for ${missing.join(', ')}`);
  }

  /** Whether `value` carries a valid signature by one of `producer`'s keys. */
  check(
    producer: ServiceName,
    value: Buffer | null,
    headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
  ): SignatureCheck {
    const signature = headerString(headers, SIGNATURE_HEADER);
    const keyId = headerString(headers, KEY_ID_HEADER);
    if (signature === undefined || keyId === undefined) {
      return {
        ok: false,
        reason: 'unsigned',
        message: `no ${SIGNATURE_HEADER} / ${KEY_ID_HEADER} header: events must be signed by their producer (${producer})`,
      };
    }
    const key = this.keys.get(producer)?.get(keyId);
    if (key === undefined) return { ok: false, reason: 'bad-signature', message: `key ${keyId} is not a key of ${producer}` };
    const bytes = value ?? Buffer.alloc(0);
    const proofText = headerString(headers, BATCH_PROOF_HEADER);
    const valid =
      proofText === undefined
        ? verify(null, bytes, key, Buffer.from(signature, 'base64url'))
        : this.inSignedBatch(bytes, proofText, key, `${producer}/${keyId}`, signature);
    return valid
      ? { ok: true }
      : { ok: false, reason: 'bad-signature', message: `the signature does not match ${producer}'s key ${keyId}` };
  }

  /** Whether `value`'s proof leads to a root that `signature` signs; a root's signature is checked once. */
  private inSignedBatch(value: Buffer, proofText: string, key: KeyObject, signer: string, signature: string): boolean {
    const proof = parseBatchProof(proofText);
    const root = proof && rootOf(value, proof);
    if (proof === undefined || root === undefined) return false;
    const id = `${signer}/${proof.count}/${root.toString('hex')}/${signature}`;
    if (this.verifiedRoots.has(id)) return true;
    if (!verify(null, batchSignedMessage(proof.count, root), key, Buffer.from(signature, 'base64url'))) return false;
    this.verifiedRoots.add(id);
    if (this.verifiedRoots.size > VERIFIED_ROOTS_KEPT) {
      const oldest = this.verifiedRoots.values().next();
      if (oldest.done !== true) this.verifiedRoots.delete(oldest.value);
    }
    return true;
  }
}
