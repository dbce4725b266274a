// --brokers and --topic-prefix (or KAFKA_BROKERS and KAFKA_TOPIC_PREFIX): the Kafka client of the
// operations commands (dlq, stats rebuild), which talk to the broker directly, not to the API, as
// the operator principal (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD, KAFKA_SASL_MECHANISM).
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { readBrokerList } from '@ipledger/contracts';
import { isKafkaCredentialRefusal } from '@ipledger/messaging';
import { CliError, EXIT, UsageError } from './errors';
import type { Io } from './io';

export interface KafkaOptions {
  brokers?: string;
  topicPrefix?: string;
}

export interface KafkaConnection {
  kafka: Kafka;
  brokers: string[];
  /** The prefix of every topic and consumer group ('' in normal running). */
  prefix: string;
}

/**
 * The operator's Kafka principal from KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD (and
 * KAFKA_SASL_MECHANISM, default scram-sha-512): the broker requires one. Missing → exit 2 at once.
 */
export function operatorSasl(env: Io['env']): SASLOptions {
  const username = env.KAFKA_SASL_USERNAME ?? '';
  const password = env.KAFKA_SASL_PASSWORD ?? '';
  const mechanism = env.KAFKA_SASL_MECHANISM ?? 'scram-sha-512';
  if (username === '' || password === '') {
    throw new UsageError(
      'no Kafka credentials: set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (the operator principal; npm start keeps it in .ipledger/kafka-secrets.json)',
    );
  }
  if (mechanism === 'scram-sha-256') return { mechanism, username, password };
  if (mechanism === 'scram-sha-512') return { mechanism, username, password };
  throw new UsageError(`KAFKA_SASL_MECHANISM must be scram-sha-512 or scram-sha-256, not ${mechanism}`);
}

export function kafkaConnection(options: KafkaOptions, io: Io): KafkaConnection {
  const given = options.brokers ?? io.env.KAFKA_BROKERS ?? '';
  if (given.trim() === '') throw new UsageError('no Kafka brokers: pass --brokers host:port[,host:port] or set KAFKA_BROKERS');
  const reading = readBrokerList(given);
  if (!reading.ok) throw new UsageError(`${options.brokers === undefined ? 'KAFKA_BROKERS' : '--brokers'}: ${reading.problem}`);
  const brokers = reading.brokers;
  const prefix = options.topicPrefix ?? io.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = new Kafka({
    clientId: 'ipledger-cli',
    brokers,
    sasl: operatorSasl(io.env),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  return { kafka, brokers, prefix };
}

/** Runs `step`; a failure to reach the broker becomes an error that names the brokers (exit 1). */
export async function reachKafka<T>(connection: KafkaConnection, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (isKafkaCredentialRefusal(error)) {
      throw new CliError(
        `Kafka at ${connection.brokers.join(',')} refused the credentials of KAFKA_SASL_USERNAME: ${(error as Error).message}`,
        EXIT.failure,
      );
    }
    // kafkajs calls a connection lost during the SASL exchange an authentication failure too.
    const unreachable = [
      'KafkaJSConnectionError',
      'KafkaJSNumberOfRetriesExceeded',
      'KafkaJSBrokerNotFound',
      'KafkaJSSASLAuthenticationError',
    ];
    if (unreachable.includes(name)) {
      throw new CliError(`cannot reach Kafka at ${connection.brokers.join(',')}: ${(error as Error).message}`, EXIT.failure);
    }
    throw error;
  }
}
