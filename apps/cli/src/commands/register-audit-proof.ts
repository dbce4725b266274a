// Registers `audit export` and `audit verify`: the audit trail's tamper evidence through the audit
// service's export endpoint (bureau user), checked offline with the audit checkpoint public key.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ConnectionOptions } from '../connection';
import type { Io } from '../io';
import { AUDIT_PUBLIC_KEY_ENV, auditExportCommand, auditVerifyCommand } from './audit-proof';

const AUDIT_PROOF_HELP = `
Exit codes: 0 verified (or exported), 1 other error (API unreachable, file unreadable), 2 bad arguments (e.g. no public key),
3 logging in failed, 4 the API refused, 5 the audit trail did not verify.
Environment: ${AUDIT_PUBLIC_KEY_ENV} (JWK JSON of the key that signs the audit checkpoints), IPLEDGER_BASE_URL,
IPLEDGER_USERNAME (default wang.fang), IPLEDGER_PASSWORD (or IPLEDGER_DEMO_PASSWORD).`;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAuditProofCommands(program: Command, io: Io): void {
  const audit = program
    .command('audit')
    .description('the audit trail (审计日志): export its hash chain, verify it')
    .addHelpText('after', AUDIT_PROOF_HELP);
  const connection = (command: Command): ConnectionOptions => command.optsWithGlobals<ConnectionOptions>();

  audit
    .command('export')
    .description('save the audit trail with its hash chain and signed checkpoints (NDJSON) from GET /api/audit/export')
    .requiredOption('--out <file>', 'the export file to write')
    .addHelpText('after', AUDIT_PROOF_HELP)
    .action(async (options: { out: string }, command: Command) => auditExportCommand(options, connection(command), io))
    .showHelpAfterError('(ipledger audit export --help for details)');

  audit
    .command('verify')
    .description('recompute the audit hash chain and check every checkpoint signature, from the service’s export (default) or a saved file')
    .option('--file <file>', 'verify this export file instead of fetching one (needs only the file and the public key)')
    .addOption(
      new Option(
        '--public-key <jwk-file>',
        `a file with the audit public key (JWK JSON); repeat for keys rotated out (default: $${AUDIT_PUBLIC_KEY_ENV})`,
      ).argParser(collect),
    )
    .addHelpText('after', AUDIT_PROOF_HELP)
    .action(async (options: { file?: string; publicKey?: string[] }, command: Command) =>
      auditVerifyCommand(options, connection(command), io),
    )
    .showHelpAfterError('(ipledger audit verify --help for details)');
}
