// Why a service's HTTP server keeps idle connections longer than the gateway does (keep-alive.ts):
// requests that reach a service while its event loop is busy must not be reset once it is free.
// The service runs in a process of its own (test-support/busy-server.ts); the caller here is the gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { upstreamAgent } from './keep-alive';

/** How long the caller's connections stay idle before the service gets busy: under the 4 s Node's client keeps them. */
const IDLE_MS = 3_000;
const BUSY_MS = 4_000;

async function startServer(keepAlive: 'service-kit' | 'node-default'): Promise<{ port: number; child: ChildProcess }> {
  const repoRoot = path.resolve(__dirname, '../../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'test-support', 'busy-server.ts')], {
    cwd: repoRoot,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.base.json'), KEEP_ALIVE: keepAlive, BUSY_MS: String(BUSY_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fixture server exited (${String(code)})`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { port, child };
}

/** The status, or the error code of a request that got no answer. */
function get(port: number, agent: Agent, requestPath = '/'): Promise<number | string> {
  return new Promise((resolve) => {
    const outgoing = request({ host: '127.0.0.1', port, path: requestPath, agent }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode ?? 0));
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    outgoing.end();
  });
}

/** Four connections opened and left idle, then a request that makes the service busy, then three more on the idle connections. */
async function requestsWhileBusy(port: number, agent: Agent): Promise<Array<number | string>> {
  expect(await Promise.all([1, 2, 3, 4].map(() => get(port, agent)))).toEqual([200, 200, 200, 200]);
  await sleep(IDLE_MS);
  const busy = get(port, agent, '/busy');
  await sleep(200); // the service is busy now; these arrive while it is
  return Promise.all([busy, get(port, agent), get(port, agent), get(port, agent)]);
}

describe('keep-alive between the gateway and a service', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGTERM')));

  it('answers every request that reached a busy service on a kept connection', async () => {
    const { port, child } = await startServer('service-kit');
    children.push(child);
    const agent = upstreamAgent();
    try {
      expect(await requestsWhileBusy(port, agent)).toEqual([200, 200, 200, 200]);
    } finally {
      agent.destroy();
    }
  }, 30_000);

  it("resets such requests with Node's defaults on both sides (what the fuzz once met as 502s)", async () => {
    const { port, child } = await startServer('node-default');
    children.push(child);
    const agent = new Agent({ keepAlive: true }); // Node's global agent, as the gateway had
    try {
      const answers = await requestsWhileBusy(port, agent);
      expect(answers[0]).toBe(200);
      expect(answers.slice(1)).toContain('ECONNRESET');
    } finally {
      agent.destroy();
    }
  }, 30_000);
});
