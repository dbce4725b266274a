// KAFKA_BROKERS (and the CLI's --brokers): the one reading of a broker list, shared by every
// service's configuration and the CLI so both accept and refuse the same values with the same words.
// host:port entries separated by commas, blanks around an entry ignored. An IPv6 address literal
// (`[::1]:9092`) is refused: kafkajs splits an entry at its first colon and could never reach it;
// a host name that resolves to the address works.

export type BrokerListReading = { ok: true; brokers: string[] } | { ok: false; problem: string };

const HOST_PORT = /^([^\s:,[\]]+):(\d{1,5})$/;

/** Reads a broker list; `problem` names the entry and the rule it breaks. */
export function readBrokerList(value: string): BrokerListReading {
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) return { ok: false, problem: 'no broker given: expected host:port[,host:port...]' };
  const brokers: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const at = `entry ${index + 1} ("${entry}")`;
    if (entry === '') return { ok: false, problem: `${at} is empty: expected host:port[,host:port...]` };
    if (entry.startsWith('[')) {
      return {
        ok: false,
        problem: `${at} is an IPv6 address literal, which the Kafka client cannot reach: use a host name that resolves to it`,
      };
    }
    const match = HOST_PORT.exec(entry);
    if (match === null) return { ok: false, problem: `${at} must be host:port` };
    const port = Number(match[2]);
    if (port < 1 || port > 65_535) return { ok: false, problem: `${at} has port ${match[2]}: must be 1 to 65535` };
    brokers.push(entry);
  }
  return { ok: true, brokers };
}
