// Entry point of `ipledger` (apps/cli/bin/ipledger.mjs runs it with SWC's register hook).
import { processIo } from './io';
import { run } from './program';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ipledger: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
