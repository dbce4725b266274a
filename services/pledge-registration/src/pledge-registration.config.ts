// pledge-registration's own configuration besides the service kit's: how many working days the
// bureau has to decide on an application (the registrar's "within N working days of receipt").
import { z } from 'zod';
import { loadConfig } from '@ipledger/service-kit';

export const PledgeRegistrationConfigSchema = z.object({
  /** Working days from receipt (first, or again after 补正) within which the bureau should decide. */
  PLEDGE_DECISION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(7),
});
export type PledgeRegistrationConfig = z.infer<typeof PledgeRegistrationConfigSchema>;

export const PLEDGE_REGISTRATION_CONFIG = Symbol('PLEDGE_REGISTRATION_CONFIG');

export function loadPledgeRegistrationConfig(env: NodeJS.ProcessEnv = process.env): PledgeRegistrationConfig {
  return loadConfig(PledgeRegistrationConfigSchema, env);
}
