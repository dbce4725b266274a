// A service whose port was taken between the pick and its listen fails with PortTakenError, the
// error startAllServices answers by starting again on new ports. The gateway needs no database or
// Kafka, so it shows it alone.
import net from 'node:net';
import { freePorts } from './ports';
import { BACKEND_SERVICES, PortTakenError, startServiceProcess } from './services';

describe('startServiceProcess on a port already taken', () => {
  it('rejects with PortTakenError naming the service and the port', async () => {
    const [port] = (await freePorts(1)) as [number];
    // It accepts and never answers; its connections are ended with it.
    const sockets = new Set<net.Socket>();
    const squatter = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const backendUrls = Object.fromEntries(BACKEND_SERVICES.map((service) => [service.urlEnv, 'http://127.0.0.1:9']));
    try {
      const failure = await startServiceProcess(
        'gateway',
        { DATABASE_URL: '', KAFKA_BROKERS: '', KAFKA_TOPIC_PREFIX: '', ...backendUrls },
        { port, healthTimeoutMs: 30_000 },
      ).then(
        async (service) => {
          await service.stop();
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PortTakenError);
      expect(failure).toMatchObject({ service: 'gateway', port });
      expect((failure as Error).message).toContain('EADDRINUSE');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 60_000);
});
