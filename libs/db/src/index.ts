export * from './prisma-client';
export type { TransactionClient } from './generated/internal/prismaNamespace';
