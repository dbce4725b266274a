// Jest global teardown of the "faults" project: removes the build and the seed cluster that
// global-setup.ts made (IPLEDGER_FAULTS_KEEP=1 keeps the seed, as it keeps each system's folder).
//
// Loaded WITHOUT jest's moduleNameMapper: import other libraries by relative path only.
import fs from 'node:fs';
import path from 'node:path';
import { removeBuild } from '../../../libs/devstack/src/index';
import { FAULTS_ENV } from './run-resources';

export default function globalTeardown(): Promise<void> {
  const build = process.env[FAULTS_ENV.build];
  if (build !== undefined && build !== '') removeBuild(build);
  const seed = process.env[FAULTS_ENV.seed];
  if (seed !== undefined && seed !== '' && process.env['IPLEDGER_FAULTS_KEEP'] !== '1') {
    fs.rmSync(path.dirname(seed), { recursive: true, force: true });
  }
  return Promise.resolve();
}
