// How many partitions each topic has, asked of the cluster and kept for a while: the outbox relay
// needs it to send each key to its partition itself (outbox-partitions.ts).
// Only a topic never seen is waited for. A known count past its age is used as it is while a
// refresh runs in the background: the relay holds its batch's transaction while it asks, and a
// broker that neither answers nor fails (cut off, frozen) would otherwise stall every partition
// of the service for as long as the admin client's timeouts and retries last.
import type { Admin, Kafka } from 'kafkajs';

export interface TopicPartitionCounts {
  /** The partition count of every topic named. */
  of(topics: readonly string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export class KafkaTopicPartitionCounts implements TopicPartitionCounts {
  private admin: Admin | undefined;
  private readonly known = new Map<string, { count: number; at: number }>();
  private refreshing: Promise<void> | undefined;
  private closed = false;

  /** `maxAgeMs`: how long a count is trusted before it is refreshed (partitions are added rarely, and only by an operator). */
  constructor(
    private readonly kafka: Kafka,
    private readonly maxAgeMs = 60_000,
  ) {}

  async of(topics: readonly string[]): Promise<Map<string, number>> {
    const named = [...new Set(topics)];
    const unknown = named.filter((topic) => !this.known.has(topic));
    if (unknown.length > 0) {
      try {
        await this.fetch(unknown);
      } catch (error) {
        await this.disconnectAdmin();
        throw error;
      }
    }
    const now = Date.now();
    const stale = named.filter((topic) => now - (this.known.get(topic)?.at ?? 0) >= this.maxAgeMs);
    if (stale.length > 0) this.refreshInBackground(stale);
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const known = this.known.get(topic);
      if (!known) throw new Error(`topic ${topic} does not exist`);
      counts.set(topic, known.count);
    }
    return counts;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.disconnectAdmin();
  }

  private refreshInBackground(topics: string[]): void {
    if (this.refreshing !== undefined || this.closed) return;
    this.refreshing = this.fetch(topics)
      // A failed refresh keeps the counts it had; the next call past their age tries again.
      .catch(() => this.disconnectAdmin())
      .finally(() => {
        this.refreshing = undefined;
      });
  }

  private async fetch(topics: string[]): Promise<void> {
    if (this.closed) throw new Error('partition counts: closed');
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const fetchedAt = Date.now();
    const metadata = await this.admin.fetchTopicMetadata({ topics });
    for (const topic of metadata.topics) this.known.set(topic.name, { count: topic.partitions.length, at: fetchedAt });
  }

  private async disconnectAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
