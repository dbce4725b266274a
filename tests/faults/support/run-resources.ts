// What every fault system of one run starts from, prepared once by the faults project's global
// setup (global-setup.ts) and handed over through process.env: the production build the service
// processes run, and a seed PostgreSQL cluster, initialised and migrated (every service's history,
// the services' roles provisioned), stopped cleanly. Each system copies the seed's folder and
// starts its own server on it, instead of running initdb and eight Prisma migrations again (about
// 10 s and 15 CPU-s a system on two cores, far more while other tests run).
//
// Loaded by the global setup WITHOUT jest's moduleNameMapper: no path aliases here.
import { execFileSync } from 'node:child_process';

export const FAULTS_ENV = {
  /** The run's production build (scripts/build.mjs). */
  build: 'IPLEDGER_FAULTS_BUILD',
  /** The seed cluster's folder (the `dataDir` of startPostgres: data/ inside). */
  seed: 'IPLEDGER_FAULTS_SEED_CLUSTER',
  /** The secret of the database roles' passwords the seed was provisioned with. */
  roleSecret: 'IPLEDGER_FAULTS_ROLE_SECRET',
} as const;

/** The database every fault system's services use, in the seed and so in every copy. */
export const FAULTS_DATABASE = 'ipledger_faults';

export interface FaultRunResources {
  build: string;
  seed: string;
  roleSecret: string;
}

export function faultRunResources(): FaultRunResources {
  const value = (name: string): string => {
    const given = process.env[name];
    if (given === undefined || given === '') {
      throw new Error(
        `${name} is not set: fault systems start from what tests/faults/support/global-setup.ts prepares; ` +
          'run the suite with `npm run test:faults` (jest project "faults")',
      );
    }
    return given;
  };
  return { build: value(FAULTS_ENV.build), seed: value(FAULTS_ENV.seed), roleSecret: value(FAULTS_ENV.roleSecret) };
}

/**
 * A copy of the seed cluster's folder at `target` (absent before): `cp -a` keeps the owner and the
 * modes PostgreSQL insists on (its data folder 0700, owned by the user it runs as).
 */
export function copySeedCluster(seed: string, target: string): void {
  execFileSync('cp', ['-a', seed, target]);
}
