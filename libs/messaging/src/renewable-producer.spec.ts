import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import { RenewableProducer } from './renewable-producer';

/** A stand-in for a kafkajs producer: each send waits until the test settles it. */
class ScriptedProducer {
  readonly sends: { record: ProducerRecord; settle: (error?: Error) => void }[] = [];
  disconnected = false;

  asProducer(): Producer {
    return {
      send: (record: ProducerRecord) =>
        new Promise<RecordMetadata[]>((resolve, reject) => {
          this.sends.push({ record, settle: (error) => (error === undefined ? resolve([]) : reject(error)) });
        }),
      disconnect: async () => {
        this.disconnected = true;
      },
    } as unknown as Producer;
  }
}

const record: ProducerRecord = { topic: 'audit', messages: [{ value: 'x' }] };
const tick = () => new Promise((resolve) => setImmediate(resolve));

function renewable(): { producer: RenewableProducer; made: ScriptedProducer[]; renewals: string[] } {
  const made: ScriptedProducer[] = [];
  const renewals: string[] = [];
  const producer = new RenewableProducer({
    create: async () => {
      const scripted = new ScriptedProducer();
      made.push(scripted);
      return scripted.asProducer();
    },
    onRenew: (reason) => renewals.push(reason),
  });
  return { producer, made, renewals };
}

describe('RenewableProducer', () => {
  it('keeps one producer while its sends succeed', async () => {
    const { producer, made } = renewable();
    for (let n = 0; n < 3; n += 1) {
      const sending = producer.send(record);
      await tick();
      made[0]?.sends[n]?.settle();
      await sending;
    }
    expect(made).toHaveLength(1);
    expect(producer.renewed).toBe(0);
  });

  it('sends through a new producer after a failed send and disconnects the old one', async () => {
    const { producer, made, renewals } = renewable();
    const failing = producer.send(record);
    await tick();
    made[0]?.sends[0]?.settle(new Error('The broker received an out of order sequence number'));
    await expect(failing).rejects.toThrow('out of order sequence number');
    await tick();
    expect(made[0]?.disconnected).toBe(true);

    const next = producer.send(record);
    await tick();
    expect(made).toHaveLength(2);
    made[1]?.sends[0]?.settle();
    await next;
    expect(renewals).toEqual(['The broker received an out of order sequence number']);
  });

  it('gives up on a send not acknowledged in time, and disconnects its producer only once that send settled', async () => {
    const { producer, made } = renewable();
    await expect(producer.send(record, { timeoutMs: 20 })).rejects.toThrow('no acknowledgement within 20 ms');
    // kafkajs still retries the abandoned request: its producer must not be reused, nor pulled from under it.
    expect(made[0]?.disconnected).toBe(false);
    const next = producer.send(record, { timeoutMs: 1_000 });
    await tick();
    expect(made).toHaveLength(2);
    made[1]?.sends[0]?.settle();
    await next;

    made[0]?.sends[0]?.settle();
    await tick();
    await tick();
    expect(made[0]?.disconnected).toBe(true);
    expect(producer.renewed).toBe(1);
  });

  it('retires a producer once when several of its concurrent sends fail', async () => {
    const { producer, made } = renewable();
    const sends = [producer.send(record), producer.send(record)];
    await tick();
    for (const send of made[0]?.sends ?? []) send.settle(new Error('request timed out'));
    await Promise.allSettled(sends);
    expect(producer.renewed).toBe(1);
  });

  it('creates the producer again when connecting failed', async () => {
    let attempts = 0;
    const producer = new RenewableProducer({
      create: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('Connection error: connect ECONNREFUSED');
        return new ScriptedProducer().asProducer();
      },
    });
    await expect(producer.connect()).rejects.toThrow('ECONNREFUSED');
    await expect(producer.send(record, { timeoutMs: 10 })).rejects.toThrow('no acknowledgement');
    expect(attempts).toBe(2);
  });

  it('bounds connecting a new producer by the same timeout as the send', async () => {
    let connects = 0;
    const producer = new RenewableProducer({
      create: () => {
        connects += 1;
        return new Promise<Producer>(() => undefined); // a broker that never answers InitProducerId
      },
    });
    await expect(producer.send(record, { timeoutMs: 20 })).rejects.toThrow('no acknowledgement within 20 ms');
    await expect(producer.send(record, { timeoutMs: 20 })).rejects.toThrow('no acknowledgement within 20 ms');
    expect(connects).toBe(2);
  });

  it('disconnects the producer in use on disconnect()', async () => {
    const { producer, made } = renewable();
    await producer.connect();
    await producer.disconnect();
    expect(made[0]?.disconnected).toBe(true);
  });
});
