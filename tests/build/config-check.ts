// Run in a child process by compose.spec.ts (through swc-node): parses each process's environment
// with that service's own configuration schemas, as its main would at start-up, and prints the
// problems per process as JSON. Input: {"<process>[:<label>]": environment}. A child process loading the services' config files by path,
// because the tests may not import services.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ServiceConfigSchema } from '@ipledger/service-kit';

const root = path.resolve(__dirname, '..', '..');

/** Each process's own schema beside the one every backend reads (runService: ServiceConfigSchema). */
const OWN_SCHEMAS: Record<string, [file: string, exported: string]> = {
  gateway: ['services/gateway/src/gateway.config.ts', 'GatewayConfigSchema'],
  identity: ['services/identity/src/identity.config.ts', 'IdentityConfigSchema'],
  ledger: ['services/ledger/src/ledger.config.ts', 'LedgerConfigSchema'],
  audit: ['services/audit/src/audit.config.ts', 'AuditConfigSchema'],
  statistics: ['services/statistics/src/statistics.config.ts', 'StatisticsConfigSchema'],
  'pledge-registration': ['services/pledge-registration/src/pledge-registration.config.ts', 'PledgeRegistrationConfigSchema'],
};

function ownSchema(name: string): z.ZodType[] {
  const own = OWN_SCHEMAS[name];
  if (own === undefined) return [];
  const loaded = require(path.join(root, own[0])) as Record<string, z.ZodType | undefined>;
  const schema = loaded[own[1]];
  if (schema === undefined) throw new Error(`${own[0]} exports no ${own[1]}`);
  return [schema];
}

function problems(schema: z.ZodType, env: Record<string, string>): string[] {
  const result = schema.safeParse(env);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const input = JSON.parse(fs.readFileSync(0, 'utf8')) as Record<string, Record<string, string>>;
const report = Object.fromEntries(
  Object.entries(input).map(([key, env]) => {
    const name = key.split(':')[0] ?? key;
    const schemas = [...(name === 'gateway' ? [] : [ServiceConfigSchema]), ...ownSchema(name)];
    return [key, schemas.flatMap((schema) => problems(schema, env))];
  }),
);
process.stdout.write(JSON.stringify(report));
