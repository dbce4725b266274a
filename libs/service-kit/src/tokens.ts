/** Injection tokens that ServiceKitModule provides to every service. */
export const PRISMA = Symbol('PRISMA');
export const OUTBOX = Symbol('OUTBOX');
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
export const MESSAGING_PRUNER = Symbol('MESSAGING_PRUNER');
export const KAFKA = Symbol('KAFKA');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const SERVICE_STATE = Symbol('SERVICE_STATE');
