// Authentication (认证): people log in with a password, machine clients (a bank's system) with
// client credentials; either way the answer is a short-lived signed bearer token carrying the
// organisation, its role and the user. Every other route needs `Authorization: Bearer <token>`.
import { z } from 'zod';
import { OrgId, Role } from '../primitives';

export const LoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ClientCredentialsRequest = z.strictObject({
  clientId: z.string().trim().min(1).max(64),
  clientSecret: z.string().min(1).max(256),
});
export type ClientCredentialsRequest = z.infer<typeof ClientCredentialsRequest>;

export const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the token expires. */
  expiresIn: z.number().int(),
  orgId: OrgId,
  role: Role,
  /** The user (a person) or the client id (a machine). */
  subject: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** What a token asserts, as every service reads it after checking the signature and expiry. */
export const TOKEN_ISSUER = 'ipledger-identity';
export const TOKEN_AUDIENCE = 'ipledger';
export const TokenClaims = z.object({
  sub: z.string().min(1).max(128),
  org: OrgId,
  role: Role,
  /** 'user' for a person, 'client' for a machine client. */
  kind: z.enum(['user', 'client']),
});
export type TokenClaims = z.infer<typeof TokenClaims>;
