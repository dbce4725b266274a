import net from 'node:net';
import { ephemeralRangeStart, freePorts, isPortFree } from './ports';

describe('freePorts', () => {
  it('picks distinct free ports below the kernel ephemeral range, where outgoing connections never get a port', async () => {
    const ports = await freePorts(30);
    expect(new Set(ports).size).toBe(30);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(15_000);
      expect(port).toBeLessThan(ephemeralRangeStart());
      expect(await isPortFree(port)).toBe(true);
    }
  });

  it('isPortFree says false for a port somebody listens on', async () => {
    const [port] = await freePorts(1);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await isPortFree(port as number)).toBe(false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
