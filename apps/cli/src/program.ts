// The `ipledger` command line: arguments (commander), exit codes, and errors explained.
import { BREAKDOWNS } from '@ipledger/contracts';
import { Command, CommanderError, Option } from 'commander';
import { registerAuditProofCommands } from './commands/register-audit-proof';
import { balancesCommand } from './commands/ledger';
import { registerLedgerProofCommands } from './commands/register-ledger-proof';
import { registerDlqCommands, registerOutboxCommands, registerStatsRebuild, registerTopicsCommands } from './commands/register-operations';
import { seedCommand } from './commands/seed';
import { statsCommand } from './commands/stats';
import type { ConnectionOptions } from './connection';
import { CliError, EXIT, type ExitCode } from './errors';
import type { Io } from './io';
import { integerIn, LEDGER_FORMATS, oneOf, parseAccount, parseBaseUrl, parseDate, parseYear, STATS_FORMATS } from './options';

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 other error, 2 bad arguments, 3 authentication failed, 4 the API refused, 5 ledger or audit verification failed (topics: a topic below its replication target).
Environment: IPLEDGER_BASE_URL, IPLEDGER_USERNAME, IPLEDGER_PASSWORD (or IPLEDGER_DEMO_PASSWORD), IPLEDGER_RETRY_FOR.`;

export function buildProgram(io: Io): Command {
  const program = new Command('ipledger');
  program
    .description('iPledger from the command line: statistics, a realistic seed workload, ledger balances')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addOption(new Option('--base-url <url>', 'the gateway (default: $IPLEDGER_BASE_URL or http://127.0.0.1:3000)').argParser(parseBaseUrl))
    .option('--user <username>', "log in as this user (default: $IPLEDGER_USERNAME or the command's usual user)")
    .option('--password <password>', 'the password (default: $IPLEDGER_PASSWORD or $IPLEDGER_DEMO_PASSWORD)')
    .addOption(
      new Option(
        '--retry-for <seconds>',
        'keep retrying an unreachable gateway or a 502/503/504 this long (reads and commands with an Idempotency-Key only; 0: never; default: $IPLEDGER_RETRY_FOR or 60)',
      ).argParser(integerIn(0, 3600, 'a number of seconds')),
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(ipledger --help for usage)');

  const connection = (command: Command): ConnectionOptions => command.optsWithGlobals<ConnectionOptions>();
  const usage = (command: Command, path: string) =>
    command.showHelpAfterError(`usage: ipledger ${path} ${command.usage()}\n(ipledger ${path} --help for details)`);

  const stats = program
    .command('stats')
    .description('the annual statistics toward the target, or one breakdown (default user he.xin)')
    // Not a requiredOption: commander would demand it of the subcommand `stats rebuild` too.
    .addOption(new Option('--year <year>', 'the year, e.g. 2025 (required)').argParser(parseYear))
    .addOption(new Option('--by <breakdown>', `break down by ${BREAKDOWNS.join('|')}`).argParser(oneOf(BREAKDOWNS)))
    .addOption(new Option('--format <format>', `${STATS_FORMATS.join('|')}`).argParser(oneOf(STATS_FORMATS)).default('table'))
    .option('--out <file>', 'write to this file instead of the terminal (required for xlsx)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options, command: Command) => {
      if (options.year === undefined)
        command.error("error: required option '--year <year>' not specified", { code: 'commander.missingMandatoryOptionValue' });
      return statsCommand(options, connection(command), io);
    });
  usage(stats, 'stats');
  registerStatsRebuild(stats, io);

  const seed = program
    .command('seed')
    .description('load a realistic multi-year workload through the real APIs (banks, appraiser, bureau), deterministic per --seed')
    .addOption(
      new Option('--years <n>', 'how many years, ending this year (or last year before March)')
        .argParser(integerIn(1, 10, 'a number of years'))
        .default(3),
    )
    .addOption(
      new Option('--scale <n>', 'about 10 × n pledge loans a year and 5 × n deals of each kind')
        .argParser(integerIn(1, 100, 'a scale'))
        .default(1),
    )
    .addOption(
      new Option('--seed <n>', 'the PRNG seed: the same seed gives the same workload')
        .argParser(integerIn(0, 4_294_967_295, 'a seed'))
        .default(1),
    )
    .addOption(new Option('--concurrency <n>', 'loans in flight at once').argParser(integerIn(1, 32, 'a concurrency')).default(4))
    .addOption(new Option('--today <date>', 'the last date anything may carry (default: today in China)').argParser(parseDate))
    .option('--dry-run', 'print the plan as JSON and send nothing')
    .addHelpText('after', `${EXIT_CODES_HELP}\nLogs in as li.wei, zhao.min, chen.jing, wang.fang and liu.yang with the one demo password.`)
    .action(async (options, command: Command) => seedCommand(options, connection(command), io));
  usage(seed, 'seed');

  const ledger = program.command('ledger').description('the double-entry ledger').addHelpText('after', EXIT_CODES_HELP);
  usage(ledger, 'ledger');
  const balances = ledger
    .command('balances')
    .description('accounts with their debits, credits and balance (default user wang.fang, who sees every account)')
    .addOption(
      new Option('--account <code>', 'an account code or a prefix of one, e.g. fund: or bank:bank-cq-rural').argParser(parseAccount),
    )
    .addOption(new Option('--format <format>', LEDGER_FORMATS.join('|')).argParser(oneOf(LEDGER_FORMATS)).default('table'))
    .option('--out <file>', 'write to this file instead of the terminal')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options, command: Command) => balancesCommand(options, connection(command), io));
  usage(balances, 'ledger balances');
  registerLedgerProofCommands(ledger, io);
  registerDlqCommands(program, io);
  registerTopicsCommands(program, io);
  registerOutboxCommands(program, io);
  registerAuditProofCommands(program, io);
  return program;
}

/** Runs the CLI on `args` (without node and the script) and returns the exit code. */
export async function run(args: readonly string[], io: Io): Promise<ExitCode> {
  const program = buildProgram(io);
  if (args.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander has already printed the problem and the usage.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT.failure;
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`ipledger: ${error.message}\n`);
      if (error.exitCode === EXIT.usage)
        io.stderr.write(
          `(ipledger ${args
            .filter((arg) => !arg.startsWith('-'))
            .slice(0, 2)
            .join(' ')} --help for usage)\n`,
        );
      return error.exitCode;
    }
    io.stderr.write(`ipledger: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}
