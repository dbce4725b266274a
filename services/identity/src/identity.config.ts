import { z } from 'zod';
import { loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';

export const IdentityConfigSchema = ServiceConfigSchema.extend({
  /** The Ed25519 private key (JWK JSON) tokens are signed with. Only this service has it. */
  IPLEDGER_JWT_PRIVATE_KEY: z.string({ error: 'is required: the Ed25519 private key (JWK JSON) that signs bearer tokens' }).refine(
    (value) => {
      try {
        const jwk = JSON.parse(value) as Record<string, unknown>;
        return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.d === 'string';
      } catch {
        return false;
      }
    },
    { message: 'must be an Ed25519 private key as JWK JSON: {"kty":"OKP","crv":"Ed25519","x":"…","d":"…"}' },
  ),
  /** How long a token lives. Short: a stolen token is worth little for long. */
  IPLEDGER_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .default(900),
  /** When set, the demo organisations, users and clients are created with this password / secret if missing. */
  IPLEDGER_DEMO_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
});
export type IdentityConfig = z.infer<typeof IdentityConfigSchema>;

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return loadConfig(IdentityConfigSchema, env);
}
