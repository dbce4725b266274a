// Where a consumer is in its life, as readiness needs it: joined (or rebalancing) means it takes
// events; anything else means it does not. Driven by kafkajs' instrumentation events, kept pure
// so the transitions are unit-tested without a broker.

/**
 * 'restarting': crashed on a transient error (a leader or coordinator moving, a broker away) and
 * restarting after a backoff; 'crashed': crashed on an error a restart would not cure (dead).
 */
export type ConsumerStatus = 'idle' | 'starting' | 'joined' | 'rebalancing' | 'restarting' | 'crashed' | 'stopping' | 'stopped';

export type ConsumerSignal =
  | { kind: 'start' }
  | { kind: 'group-join' }
  | { kind: 'rebalancing' }
  /** `restart`: the consumer is restarted after a backoff (by kafkajs or by EventConsumer). */
  | { kind: 'crash'; restart: boolean }
  | { kind: 'stop-requested' }
  | { kind: 'stopped' };

export function nextConsumerStatus(current: ConsumerStatus, signal: ConsumerSignal): ConsumerStatus {
  // Once stopping, only the end of the stop counts: a late join or crash must not look like running.
  if (current === 'stopping' || current === 'stopped') return signal.kind === 'stopped' ? 'stopped' : current;
  switch (signal.kind) {
    case 'start':
      return 'starting';
    case 'group-join':
      return 'joined';
    case 'rebalancing':
      return current === 'joined' ? 'rebalancing' : current;
    case 'crash':
      return signal.restart ? 'restarting' : 'crashed';
    case 'stop-requested':
      return 'stopping';
    case 'stopped':
      return 'stopped';
  }
}

/** Taking events: a member of its group (a rebalance in progress is part of normal running). */
export function isConsuming(status: ConsumerStatus): boolean {
  return status === 'joined' || status === 'rebalancing';
}
