// Signs the chain head when it moved since the newest checkpoint, and stores the checkpoint. Safe
// with several ledger instances: the head is read committed, and a second signature of the same
// sequence is simply not stored.
import { Inject, Injectable } from '@nestjs/common';
import { signCheckpoint, type Checkpoint, type LedgerSigningKey } from '@ipledger/ledger-proof';
import { CheckpointRepository } from './checkpoint.repository';
import { LEDGER_SIGNING_KEY } from './ledger.config';
import { LedgerRepository } from './ledger.repository';

export interface HeadProgress {
  /** Entries posted since the newest checkpoint. */
  entriesSince: bigint;
  /** When the newest checkpoint was signed; null when there is none. */
  lastSignedAt: Date | null;
}

@Injectable()
export class CheckpointSigner {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly checkpoints: CheckpointRepository,
    @Inject(LEDGER_SIGNING_KEY) private readonly key: LedgerSigningKey,
  ) {}

  /** How far the head is ahead of the newest checkpoint. */
  async progress(): Promise<HeadProgress> {
    const [head, latest] = await Promise.all([this.ledger.chainHead(), this.checkpoints.latest()]);
    return { entriesSince: head.sequence - (latest?.sequence ?? 0n), lastSignedAt: latest === null ? null : new Date(latest.signedAt) };
  }

  /** Signs and stores the current head if it moved since the newest checkpoint; the checkpoint, or null when there was nothing new. */
  async signIfHeadMoved(now: Date = new Date()): Promise<Checkpoint | null> {
    const [head, latest] = await Promise.all([this.ledger.chainHead(), this.checkpoints.latest()]);
    if (head.sequence === 0n || (latest !== null && latest.sequence >= head.sequence)) return null;
    const checkpoint = signCheckpoint(head, now, this.key);
    await this.checkpoints.insert(checkpoint);
    return checkpoint;
  }
}
