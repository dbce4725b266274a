// How many partitions each topic has, asked of the cluster and kept for a while: the outbox relay
// needs it to send each key to its partition itself (outbox-partitions.ts).
import type { Admin, Kafka } from 'kafkajs';

export interface TopicPartitionCounts {
  /** The partition count of every topic named. */
  of(topics: readonly string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export class KafkaTopicPartitionCounts implements TopicPartitionCounts {
  private admin: Admin | undefined;
  private readonly known = new Map<string, { count: number; at: number }>();

  /** `maxAgeMs`: how long a count is trusted (partitions are added rarely, and only by an operator). */
  constructor(
    private readonly kafka: Kafka,
    private readonly maxAgeMs = 60_000,
  ) {}

  async of(topics: readonly string[]): Promise<Map<string, number>> {
    const now = Date.now();
    const stale = [...new Set(topics)].filter((topic) => {
      const known = this.known.get(topic);
      return known === undefined || now - known.at > this.maxAgeMs;
    });
    if (stale.length > 0) {
      try {
        if (!this.admin) {
          this.admin = this.kafka.admin();
          await this.admin.connect();
        }
        const metadata = await this.admin.fetchTopicMetadata({ topics: stale });
        for (const topic of metadata.topics) this.known.set(topic.name, { count: topic.partitions.length, at: now });
      } catch (error) {
        // A count known before is still right unless an operator added partitions: keep using it.
        if (stale.some((topic) => !this.known.has(topic))) {
          await this.close();
          throw error;
        }
      }
    }
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const known = this.known.get(topic);
      if (!known) throw new Error(`topic ${topic} does not exist`);
      counts.set(topic, known.count);
    }
    return counts;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
