// An idempotent kafkajs producer that is replaced after a send failed or was given up on.
// kafkajs numbers each partition's batches (producer id + sequence) and, when a request fails,
// rolls the partition's sequence back although the broker may have written that batch; a request
// the caller stopped waiting for goes on being retried in the background. The next send to that
// partition then carries a sequence the broker refuses (OUT_OF_ORDER_SEQUENCE_NUMBER, on every
// later send: the partition stalls for good) or takes for a duplicate of the earlier batch (and
// acknowledges it without writing it). A new producer gets a new producer id from the broker and
// starts every sequence afresh, so nothing the old one left behind can collide with it. The old
// one is disconnected once its last send settled (disconnecting under a send that still retries
// lets kafkajs reconnect it).
import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';

export interface RenewableProducerOptions {
  /** Creates and connects a producer (idempotent: true, maxInFlightRequests: 1). */
  create: () => Promise<Producer>;
  /** Told each time the producer in use is given up, with the failure that caused it. */
  onRenew?: (reason: string) => void;
}

export interface SendOptions {
  /** Stop waiting after this long: the send counts as failed (it may still land: at-least-once). */
  timeoutMs?: number;
}

/** How long disconnect() waits for a producer that is still connecting. */
const DISCONNECT_WAIT_MS = 5_000;

interface Generation {
  producer: Promise<Producer>;
  sends: Set<Promise<unknown>>;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RenewableProducer {
  private generation: Generation | undefined;
  /** Producers given up whose last sends have not settled yet. */
  private readonly retiring = new Set<Generation>();
  private renewals = 0;

  constructor(private readonly options: RenewableProducerOptions) {}

  /** How many times the producer was replaced (for logs and tests). */
  get renewed(): number {
    return this.renewals;
  }

  /** Connects the first producer now rather than at the first send (start-up fails early if Kafka is away). */
  async connect(): Promise<void> {
    const generation = this.current();
    try {
      await generation.producer;
    } catch (error) {
      this.retire(generation, reasonOf(error));
      throw error;
    }
  }

  /**
   * Sends `record`; if the send fails or is not acknowledged within `timeoutMs`, the producer that
   * sent it is given up and the next send goes through a new one.
   */
  async send(record: ProducerRecord, options: SendOptions = {}): Promise<RecordMetadata[]> {
    const generation = this.current();
    // The bound covers connecting too: a new producer asks a broker for its id, and a broker that
    // hangs would hold that request as long as any send.
    const sending = generation.producer.then((producer) => producer.send(record));
    generation.sends.add(sending);
    void sending.then(
      () => generation.sends.delete(sending),
      () => generation.sends.delete(sending),
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      if (options.timeoutMs === undefined) return await sending;
      return await Promise.race([
        sending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no acknowledgement within ${options.timeoutMs} ms`)), options.timeoutMs);
        }),
      ]);
    } catch (error) {
      this.retire(generation, reasonOf(error));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Disconnects the producer in use and those being retired, without waiting for their sends; a
   * producer still connecting is given up after `DISCONNECT_WAIT_MS` (shutdown must not hang on a broker).
   */
  async disconnect(): Promise<void> {
    const generations = [...(this.generation === undefined ? [] : [this.generation]), ...this.retiring];
    this.generation = undefined;
    this.retiring.clear();
    await Promise.allSettled(
      generations.map((generation) =>
        Promise.race([this.disconnectOf(generation), new Promise<void>((resolve) => setTimeout(resolve, DISCONNECT_WAIT_MS).unref())]),
      ),
    );
  }

  private current(): Generation {
    if (this.generation === undefined) {
      const producer = this.options.create();
      producer.catch(() => undefined); // a failed connect is reported by the send that awaits it
      this.generation = { producer, sends: new Set() };
    }
    return this.generation;
  }

  private retire(generation: Generation, reason: string): void {
    if (this.generation !== generation) return; // another failed send of the same producer retired it
    this.generation = undefined;
    this.renewals += 1;
    this.options.onRenew?.(reason);
    this.retiring.add(generation);
    void Promise.allSettled([...generation.sends]).then(async () => {
      if (!this.retiring.delete(generation)) return; // disconnect() took it
      await this.disconnectOf(generation);
    });
  }

  private async disconnectOf(generation: Generation): Promise<void> {
    const producer = await generation.producer.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }
}
