// The ledger's Ed25519 key pair as JWK JSON strings (the same form as the token keys): parsing and
// checking them, and the short key id that names a public key in checkpoints and audit files.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export class InvalidLedgerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLedgerKeyError';
  }
}

/** An Ed25519 public key as JWK: {"kty":"OKP","crv":"Ed25519","x":"…"}. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

export interface LedgerPublicKey {
  /** First 16 hex digits of sha256 over the raw 32-byte public key. */
  keyId: string;
  key: KeyObject;
  jwk: PublicJwk;
}

export interface LedgerSigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: LedgerPublicKey;
}

const PUBLIC_SHAPE = '{"kty":"OKP","crv":"Ed25519","x":"…"}';
const PRIVATE_SHAPE = '{"kty":"OKP","crv":"Ed25519","x":"…","d":"…"}';

function parseJwk(json: string, shape: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidLedgerKeyError(`must be JWK JSON ${shape}; it is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidLedgerKeyError(`must be JWK JSON ${shape}; it is not an object`);
  const jwk = parsed as Record<string, unknown>;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new InvalidLedgerKeyError(`must be an Ed25519 key as JWK JSON ${shape}`);
  return jwk;
}

/** The key id of an Ed25519 public key given as JWK `x` (base64url of the raw 32 bytes). */
export function keyIdOf(x: string): string {
  const raw = Buffer.from(x, 'base64url');
  if (raw.length !== 32) throw new InvalidLedgerKeyError(`an Ed25519 public key has 32 bytes; "x" decodes to ${raw.length}`);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

function publicKeyOf(key: KeyObject): LedgerPublicKey {
  const exported = key.export({ format: 'jwk' });
  if (typeof exported.x !== 'string') throw new InvalidLedgerKeyError('the public key has no "x"');
  const jwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: exported.x };
  return { keyId: keyIdOf(jwk.x), key, jwk };
}

/** Parses the public key that checks checkpoints. A private key is refused: verifying needs no secret. */
export function parseLedgerPublicKey(json: string): LedgerPublicKey {
  const jwk = parseJwk(json, PUBLIC_SHAPE);
  if (jwk.d !== undefined) throw new InvalidLedgerKeyError(`must be the PUBLIC key ${PUBLIC_SHAPE}: this one holds the private part "d"`);
  try {
    return publicKeyOf(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string }, format: 'jwk' }));
  } catch (error) {
    if (error instanceof InvalidLedgerKeyError) throw error;
    throw new InvalidLedgerKeyError(`is not a usable Ed25519 public key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses the private key that signs checkpoints; its "x" must be the public half of its "d". */
export function parseLedgerSigningKey(json: string): LedgerSigningKey {
  const jwk = parseJwk(json, PRIVATE_SHAPE);
  if (typeof jwk.d !== 'string') throw new InvalidLedgerKeyError(`must be the PRIVATE key ${PRIVATE_SHAPE}: "d" is missing`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string, d: jwk.d }, format: 'jwk' });
  } catch (error) {
    throw new InvalidLedgerKeyError(`is not a usable Ed25519 private key: ${error instanceof Error ? error.message : String(error)}`);
  }
  const publicKey = publicKeyOf(createPublicKey(privateKey));
  if (publicKey.jwk.x !== jwk.x) throw new InvalidLedgerKeyError('"x" is not the public half of "d": the key pair does not match');
  return { keyId: publicKey.keyId, privateKey, publicKey };
}

/** A fresh key pair as JWK JSON strings (for local runs and tests). */
export function generateLedgerKeyPair(): { publicJwk: string; privateJwk: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicJwk: JSON.stringify(publicKey.export({ format: 'jwk' })),
    privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
  };
}
