// Free TCP ports on 127.0.0.1. A port found free can be taken by someone else before it is used:
// callers bind it right away, and the start-up of what binds it fails clearly when it was taken.
import net from 'node:net';

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

/** `count` distinct free ports on 127.0.0.1 (held together while they are picked). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) servers.push(await listen(0));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('freePorts: no TCP address');
      return address.port;
    });
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
