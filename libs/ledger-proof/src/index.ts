// @ipledger/ledger-proof: tamper evidence for the ledger, shared by the ledger service and the CLI
// (so an auditor's verifier does not depend on the service's code): the hash chain, signed
// checkpoints, the audit file format and a streaming verifier.
export * from './hash-chain';
export * from './sha256';
export * from './signing-key';
export * from './checkpoint';
export * from './ledger-stream';
export * from './audit-file';
export * from './audit-file-reader';
export * from './audit-file-verifier';
export * from './audit-file-writer';
export * from './stream-verifier';
export * from './synthetic-journal';
