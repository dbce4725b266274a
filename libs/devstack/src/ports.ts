// Free TCP ports on 127.0.0.1, picked where nobody else picks.
//
// A port found free can be taken by someone else before it is used. The usual trick, listen(0) and
// close, hands out a port of the kernel's EPHEMERAL range, the very range from which every outgoing
// connection (a Kafka client, a PostgreSQL pool) gets its local port: under load one of them takes it
// between the pick and the service's listen (EADDRINUSE). So ports are picked at random BELOW that
// range, where the kernel never hands out a port by itself, and checked free by binding them. Two
// processes picking at the same moment can still meet; services.ts starts again on new ports when a
// process reports EADDRINUSE.
import fs from 'node:fs';
import net from 'node:net';

/** The lowest port picked: above the ports of well-known servers (PostgreSQL 5432, Kafka 9092 …). */
const LOWEST_PICKED = 15_000;
/** The kernel's ephemeral range starts here when it cannot be read (Linux's default). */
const DEFAULT_EPHEMERAL_START = 32_768;
const MAX_PROBES = 200;

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The first port of the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range). */
export function ephemeralRangeStart(): number {
  try {
    const [start] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(start);
    return Number.isInteger(port) && port > LOWEST_PICKED + 1_000 ? port : DEFAULT_EPHEMERAL_START;
  } catch {
    return DEFAULT_EPHEMERAL_START;
  }
}

/** `count` distinct free ports on 127.0.0.1, below the ephemeral range (held together while they are picked). */
export async function freePorts(count: number): Promise<number[]> {
  const lowest = LOWEST_PICKED;
  const span = ephemeralRangeStart() - lowest;
  const servers: net.Server[] = [];
  const ports: number[] = [];
  try {
    for (let probe = 0; ports.length < count; probe += 1) {
      if (probe >= MAX_PROBES)
        throw new Error(`freePorts: no ${count} free ports in ${lowest}–${lowest + span - 1} after ${MAX_PROBES} tries`);
      const port = lowest + Math.floor(Math.random() * span);
      if (ports.includes(port)) continue;
      const server = await listen(port).catch(() => undefined);
      if (server === undefined) continue;
      servers.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** One free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('freePort: no port');
  return port;
}

/** Whether nothing listens on 127.0.0.1:port. */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await close(await listen(port));
    return true;
  } catch {
    return false;
  }
}

/** Throws a message naming `what` when 127.0.0.1:port is taken. */
export async function assertPortFree(port: number, what: string, hint = ''): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(`${what}: port 127.0.0.1:${port} is already in use${hint === '' ? '' : ` (${hint})`}`);
  }
}
