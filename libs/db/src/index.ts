// @ipledger/db: opening a database and the types every client shares. No models: each service
// imports its own client (services/<name>/src/database.ts), which sees only its own schema.
export * from './prisma-client';
export * from './stored-values';
