// First: every kafkajs client of a process that uses this library runs without kafkajs' idle timer loop.
import './kafkajs-idle-loop-fix';

export * from './sql-client';
export * from './logger';
export * from './outbox';
export * from './outbox-relay';
export * from './renewable-producer';
export * from './outbox-partitions';
export * from './topic-partition-counts';
export * from './retry-policy';
export * from './event-context';
export * from './consumer-status';
export * from './event-consumer';
export * from './consumer-crash';
export * from './offset-loss';
export * from './kafka-event-transport';
export * from './kafka-headers';
export * from './event-signature';
export * from './fault-points';
export * from './unavailable-error';
export * from './awaiting-fact-error';
export * from './topic-replication';
export * from './topic-inspection';
export * from './retention-policy';
export * from './messaging-pruner';
export * from './kafkajs-idle-loop-fix';
