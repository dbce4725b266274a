import type { Kafka } from 'kafkajs';
import { KafkaTopicPartitionCounts } from './topic-partition-counts';

/** A stand-in for the cluster's metadata answers (the counts' own logic is under test, not Kafka). */
function cluster() {
  const partitions = new Map<string, number>([['ipledger.loan', 6]]);
  const answers: { topics: string[]; resolve: () => void; reject: (error: Error) => void }[] = [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicMetadata: ({ topics }: { topics: string[] }) =>
      new Promise((resolve, reject) => {
        answers.push({
          topics,
          resolve: () =>
            resolve({
              topics: topics.map((name) => ({
                name,
                partitions: Array.from({ length: partitions.get(name) ?? 0 }, (_, id) => ({ partitionId: id })),
              })),
            }),
          reject,
        });
      }),
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, partitions, answers };
}

describe('partition counts for the outbox relay', () => {
  it('waits for a topic it has never seen', async () => {
    const { kafka, answers } = cluster();
    const counts = new KafkaTopicPartitionCounts(kafka);
    const asked = counts.of(['ipledger.loan']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answers).toHaveLength(1);
    answers[0]!.resolve();
    expect((await asked).get('ipledger.loan')).toBe(6);
  });

  it('answers a known count at once when it is past its age, refreshing it in the background', async () => {
    const { kafka, answers, partitions } = cluster();
    const counts = new KafkaTopicPartitionCounts(kafka, 0);
    const first = counts.of(['ipledger.loan']);
    await new Promise((resolve) => setImmediate(resolve));
    answers[0]!.resolve();
    await first;
    partitions.set('ipledger.loan', 12);

    // The broker does not answer the refresh (cut off): the relay still gets the count it had.
    expect((await counts.of(['ipledger.loan'])).get('ipledger.loan')).toBe(6);
    expect(answers).toHaveLength(2);
    // One refresh at a time, however often it is asked.
    expect((await counts.of(['ipledger.loan'])).get('ipledger.loan')).toBe(6);
    expect(answers).toHaveLength(2);

    answers[1]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await counts.of(['ipledger.loan'])).get('ipledger.loan')).toBe(12);
  });

  it('keeps the counts it had when a refresh fails, and fails for a topic it cannot learn', async () => {
    const { kafka, answers } = cluster();
    const counts = new KafkaTopicPartitionCounts(kafka, 0);
    const first = counts.of(['ipledger.loan']);
    await new Promise((resolve) => setImmediate(resolve));
    answers[0]!.resolve();
    await first;

    await counts.of(['ipledger.loan']);
    answers[1]!.reject(new Error('Request Metadata timed out'));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await counts.of(['ipledger.loan'])).get('ipledger.loan')).toBe(6);

    const unknown = counts.of(['ipledger.deal']);
    await new Promise((resolve) => setImmediate(resolve));
    answers[answers.length - 1]!.reject(new Error('Request Metadata timed out'));
    await expect(unknown).rejects.toThrow('Request Metadata timed out');
  });
});
