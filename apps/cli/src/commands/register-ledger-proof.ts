// Registers `ledger export` and `ledger verify` under the `ledger` command: tamper evidence read
// straight from the ledger's database (or an audit file), not through the services.
import { Command, Option } from 'commander';
import type { Io } from '../io';
import { ledgerExportCommand } from './ledger-export';
import { ledgerVerifyCommand } from './ledger-verify';

const LEDGER_PROOF_HELP = `
Exit codes: 0 ok, 1 other error, 2 bad arguments, 5 the ledger did not verify.
Environment: DATABASE_URL or IPLEDGER_AUDITOR_DATABASE_URL (the ledger's database, as the read-only role ipledger_auditor), IPLEDGER_LEDGER_PUBLIC_KEY (the ledger checkpoint public key, JWK JSON; ledger verify needs it or --public-key; npm start keeps it in .ipledger/secrets.json, field ledgerPublicJwk).`;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerLedgerProofCommands(ledger: Command, io: Io): void {
  const exportCommand = ledger
    .command('export')
    .description('write the journal and its signed checkpoints to an audit file (NDJSON), read from the database in one snapshot')
    .requiredOption('--out <file>', 'the audit file to write')
    .option(
      '--database-url <url>',
      'the ledger’s database as ipledger_auditor (default: $IPLEDGER_AUDITOR_DATABASE_URL, then $DATABASE_URL)',
    )
    .addHelpText('after', LEDGER_PROOF_HELP)
    .action(async (options: { out: string; databaseUrl?: string }) => ledgerExportCommand(options, io));
  exportCommand.showHelpAfterError('(ipledger ledger export --help for details)');

  const verifyCommand = ledger
    .command('verify')
    .description('recompute the hash chain and check the signed checkpoints, from the database (default) or an audit file')
    .option('--file <file>', 'verify this audit file instead of the database (needs only the file and the public key)')
    .addOption(
      new Option(
        '--public-key <jwk-file>',
        'a file with the public key (JWK JSON); repeat for keys rotated out (default: $IPLEDGER_LEDGER_PUBLIC_KEY)',
      ).argParser(collect),
    )
    .option(
      '--database-url <url>',
      'the ledger’s database as ipledger_auditor (default: $IPLEDGER_AUDITOR_DATABASE_URL, then $DATABASE_URL)',
    )
    .addHelpText('after', LEDGER_PROOF_HELP)
    .action(async (options: { file?: string; publicKey?: string[]; databaseUrl?: string }) => ledgerVerifyCommand(options, io));
  verifyCommand.showHelpAfterError('(ipledger ledger verify --help for details)');
}
