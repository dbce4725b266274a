// @ipledger/audit-proof: tamper evidence for the audit trail, shared by the audit service and the
// CLI (an auditor's verifier does not depend on the service's code): the hash chain, the export
// format and a streaming verifier. Keys and checkpoint signatures are the ledger's (ledger-proof).
export * from './audit-chain';
export * from './audit-export';
export * from './audit-verifier';
export * from './synthetic-audit-trail';
