// The secrets a local run needs and the repository must never hold: the Ed25519 key pair that
// signs and checks bearer tokens, the Ed25519 key pairs that sign and check the ledger's and the
// audit trail's checkpoints, the demo accounts' password, and the secret the PostgreSQL roles'
// passwords are derived from (database-roles.ts). Generated on first use and kept in a file of the
// data folder readable by its owner only; a deployment passes its own through the environment
// (IPLEDGER_JWT_PRIVATE_KEY, IPLEDGER_JWT_PUBLIC_KEY, IPLEDGER_LEDGER_SIGNING_KEY,
// IPLEDGER_LEDGER_PUBLIC_KEY, IPLEDGER_AUDIT_SIGNING_KEY, IPLEDGER_AUDIT_PUBLIC_KEY,
// IPLEDGER_DEMO_PASSWORD, IPLEDGER_DB_ROLE_SECRET).
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
  return {
    publicJwk: JSON.stringify(publicKey.export({ format: 'jwk' })),
    privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
  };
}

export interface LocalSecrets extends TokenKeys {
  demoPassword: string;
  /** JWK JSON of the ledger's checkpoint keys: the public one for everyone, the private one for the ledger only. */
  ledgerPublicJwk: string;
  ledgerPrivateJwk: string;
  /** JWK JSON of the audit chain's checkpoint keys: the public one for everyone, the private one for the audit service only. */
  auditPublicJwk: string;
  auditPrivateJwk: string;
  /** The database roles' passwords are HMACs of their names with it (IPLEDGER_DB_ROLE_SECRET). */
  databaseRoleSecret: string;
}

export function generateDatabaseRoleSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Every group of secrets with how to make it. A file written before a group existed gets that
 * group added on its next read; what it holds is never replaced.
 */
const SECRET_GROUPS: ReadonlyArray<{ fields: ReadonlyArray<keyof LocalSecrets>; generate: () => Partial<LocalSecrets> }> = [
  { fields: ['publicJwk', 'privateJwk'], generate: generateTokenKeys },
  { fields: ['demoPassword'], generate: () => ({ demoPassword: `demo-${randomBytes(9).toString('base64url')}` }) },
  {
    fields: ['ledgerPublicJwk', 'ledgerPrivateJwk'],
    generate: () => {
      const keys = generateTokenKeys(); // the same kind of key pair: Ed25519 as JWK JSON
      return { ledgerPublicJwk: keys.publicJwk, ledgerPrivateJwk: keys.privateJwk };
    },
  },
  {
    fields: ['auditPublicJwk', 'auditPrivateJwk'],
    generate: () => {
      const keys = generateTokenKeys();
      return { auditPublicJwk: keys.publicJwk, auditPrivateJwk: keys.privateJwk };
    },
  },
  { fields: ['databaseRoleSecret'], generate: () => ({ databaseRoleSecret: generateDatabaseRoleSecret() }) },
];

function writeSecrets(dir: string, file: string, secrets: LocalSecrets): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Reads `<dir>/secrets.json`, creating it (mode 0600) with fresh keys, a random demo password and
 * database role secret; a file from before some of them existed gets those added.
 */
export function localSecrets(dir: string): LocalSecrets {
  const file = path.join(dir, 'secrets.json');
  const stored: Partial<LocalSecrets> = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const missing = SECRET_GROUPS.filter((group) => group.fields.some((field) => stored[field] === undefined));
  if (missing.length === 0) return stored as LocalSecrets;
  const completed = missing.reduce<Partial<LocalSecrets>>(
    (secrets, group) => ({ ...secrets, ...group.generate() }),
    stored,
  ) as LocalSecrets;
  writeSecrets(dir, file, completed);
  return completed;
}
