#!/usr/bin/env node
// Provisions the database roles on an existing PostgreSQL (libs/devstack/src/database-roles.ts):
// the owner role, the migrations applied as the owner, every service role, the auditor and the outbox operator with
// their passwords and exactly their grants. Idempotent: run it after every deployment's migrations
// and to rotate a password (docs/operations.md, "Database roles").
//
//   DATABASE_URL=postgres://admin:…@host:5432/ipledger IPLEDGER_DB_ROLE_SECRET=… node scripts/database-roles.mjs
//
// DATABASE_URL: an administrator of that database (a superuser, or a role that may create roles and
// grant on it). A role's password comes from its URL variable when set (LEDGER_DATABASE_URL, …,
// IPLEDGER_OWNER_DATABASE_URL, IPLEDGER_AUDITOR_DATABASE_URL), otherwise it is derived from
// IPLEDGER_DB_ROLE_SECRET. Prints the roles it provisioned, never a password.
import { requireTs } from './lib/typescript.mjs';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('database-roles: set DATABASE_URL (an administrator of the ipledger database)');
  process.exit(2);
}
const devstack = requireTs('libs/devstack/src/index.ts');
try {
  const credentials = devstack.databaseCredentials(databaseUrl, process.env.IPLEDGER_DB_ROLE_SECRET, process.env);
  await devstack.migrateWithRoles(databaseUrl, credentials);
  const services = Object.values(credentials.services).map((credential) => credential.role);
  console.log(
    `database-roles: migrated as ${credentials.owner.role}; provisioned ${[...services, credentials.auditor.role, credentials.outboxOperator.role].join(', ')} on ${devstack.redactUrl(databaseUrl)}`,
  );
} catch (error) {
  console.error(`database-roles: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
