// The secrets a local run needs and the repository must never hold: the Ed25519 key pair that
// signs and checks bearer tokens, the Ed25519 key pair that signs and checks the ledger's
// checkpoints, the demo accounts' password, and the secret the PostgreSQL roles' passwords are
// derived from (database-roles.ts). Generated on first use and kept in a file of the
// data folder readable by its owner only; a deployment passes its own through the environment
// (IPLEDGER_JWT_PRIVATE_KEY, IPLEDGER_JWT_PUBLIC_KEY, IPLEDGER_LEDGER_SIGNING_KEY,
// IPLEDGER_LEDGER_PUBLIC_KEY, IPLEDGER_DEMO_PASSWORD, IPLEDGER_DB_ROLE_SECRET).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface TokenKeys {
  /** JWK JSON of the Ed25519 public key (every service). */
  publicJwk: string;
  /** JWK JSON of the private key (the identity service only). */
  privateJwk: string;
}

export function generateTokenKeys(): TokenKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicJwk: JSON.stringify(publicKey.export({ format: 'jwk' })), privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })) };
}

export interface LocalSecrets extends TokenKeys {
  demoPassword: string;
  /** JWK JSON of the ledger's checkpoint keys: the public one for everyone, the private one for the ledger only. */
  ledgerPublicJwk: string;
  ledgerPrivateJwk: string;
  /** The database roles' passwords are HMACs of their names with it (IPLEDGER_DB_ROLE_SECRET). */
  databaseRoleSecret: string;
}

export function generateDatabaseRoleSecret(): string {
  return randomBytes(32).toString('base64url');
}

function ledgerKeys(): Pick<LocalSecrets, 'ledgerPublicJwk' | 'ledgerPrivateJwk'> {
  const keys = generateTokenKeys(); // the same kind of key pair: Ed25519 as JWK JSON
  return { ledgerPublicJwk: keys.publicJwk, ledgerPrivateJwk: keys.privateJwk };
}

function writeSecrets(dir: string, file: string, secrets: LocalSecrets): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Reads `<dir>/secrets.json`, creating it (mode 0600) with fresh keys, a random demo password and
 * database role secret; a file from before the ledger keys or the role secret existed gets them added.
 */
export function localSecrets(dir: string): LocalSecrets {
  const file = path.join(dir, 'secrets.json');
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets> & Omit<LocalSecrets, 'ledgerPublicJwk' | 'ledgerPrivateJwk' | 'databaseRoleSecret'>;
    if (stored.ledgerPublicJwk !== undefined && stored.ledgerPrivateJwk !== undefined && stored.databaseRoleSecret !== undefined) return stored as LocalSecrets;
    const completed: LocalSecrets = {
      ...stored,
      ...(stored.ledgerPublicJwk !== undefined && stored.ledgerPrivateJwk !== undefined ? { ledgerPublicJwk: stored.ledgerPublicJwk, ledgerPrivateJwk: stored.ledgerPrivateJwk } : ledgerKeys()),
      databaseRoleSecret: stored.databaseRoleSecret ?? generateDatabaseRoleSecret(),
    };
    writeSecrets(dir, file, completed);
    return completed;
  }
  const secrets: LocalSecrets = {
    ...generateTokenKeys(),
    demoPassword: `demo-${randomBytes(9).toString('base64url')}`,
    ...ledgerKeys(),
    databaseRoleSecret: generateDatabaseRoleSecret(),
  };
  writeSecrets(dir, file, secrets);
  return secrets;
}
