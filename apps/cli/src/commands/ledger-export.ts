// ipledger ledger export --out FILE: the journal and its signed checkpoints from the ledger's
// database into an audit file (NDJSON, ipledger.ledger-audit.v1) that `ledger verify --file`
// checks with the public key alone. Streams: one batch of entries in memory at a time.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { writeAuditFile } from '@ipledger/ledger-proof';
import type { Io } from '../io';
import { databaseUrlOf } from '../ledger-proof/ledger-options';
import { LedgerSnapshot } from '../ledger-proof/ledger-snapshot';

export interface LedgerExportOptions {
  out: string;
  databaseUrl?: string;
}

export async function ledgerExportCommand(options: LedgerExportOptions, io: Io): Promise<void> {
  const snapshot = await LedgerSnapshot.open(databaseUrlOf(options, io));
  try {
    const head = await snapshot.storedHead();
    const keyId = await snapshot.latestKeyId();
    const out = createWriteStream(options.out, { encoding: 'utf8' });
    const end = await writeAuditFile(snapshot.journal(head.sequence), out, { exportedAt: new Date(), keyId });
    out.end();
    await finished(out);
    io.stdout.write(
      `exported ${end.entries} entries and ${end.checkpoints} checkpoints, head ${end.head.sequence} ${end.head.hash}, to ${options.out}\n`,
    );
  } finally {
    await snapshot.close();
  }
}
