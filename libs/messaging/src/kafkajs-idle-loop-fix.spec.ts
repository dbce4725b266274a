// The replacement of kafkajs' pending-request check (kafkajs-idle-loop-fix.ts), on kafkajs' own
// RequestQueue class: no timer while nothing waits, kafkajs' timers while requests wait or a throttle runs.
import { readFileSync } from 'node:fs';
import { fixKafkajsIdleLoop, kafkajsRequestQueueClass } from './kafkajs-idle-loop-fix';

type Queue = ReturnType<typeof kafkajsRequestQueueClass>['prototype'] & { destroy(): void };

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function newQueue(): Queue {
  const RequestQueue = kafkajsRequestQueueClass() as unknown as new (options: object) => Queue;
  return new RequestQueue({
    maxInFlightRequests: 10,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: '127.0.0.1:9092',
    logger: silent,
  });
}

describe('the kafkajs idle loop fix', () => {
  const queues: Queue[] = [];
  const queue = (): Queue => {
    const made = newQueue();
    queues.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of queues.splice(0)) {
      if (made.throttleCheckTimeoutId) clearTimeout(made.throttleCheckTimeoutId);
      made.destroy();
    }
  });

  it('is applied once per process by loading the module (a second call changes nothing)', () => {
    expect(fixKafkajsIdleLoop()).toBe(false);
  });

  it('schedules no check when no request waits and no throttle runs (kafkajs 2.2.4 spun a 1 ms timer here)', () => {
    const idle = queue();
    idle.checkPendingRequests(); // what kafkajs does after every answered request
    expect(idle.throttleCheckTimeoutId).toBeNull();
  });

  it('checks waiting requests every 10 ms, as kafkajs does', () => {
    const waiting = queue();
    waiting.pending.push({ placeholder: true });
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    waiting.scheduleCheckPendingRequests();
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    expect(setTimeoutSpy).toHaveBeenLastCalledWith(expect.any(Function), 10);
    setTimeoutSpy.mockRestore();
    waiting.pending.length = 0;
  });

  it('checks again when a broker throttle ends, even with nothing waiting yet', () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 5_000;
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    throttled.scheduleCheckPendingRequests();
    const delay = setTimeoutSpy.mock.calls.at(-1)?.[1] ?? 0;
    expect(delay).toBeGreaterThan(4_000);
    expect(delay).toBeLessThanOrEqual(5_000);
    setTimeoutSpy.mockRestore();
  });

  it('sends the waiting requests when the check fires', async () => {
    const waiting = queue();
    const sent: string[] = [];
    waiting.pending.push({ send: () => sent.push('a'), expectResponse: true }, { send: () => sent.push('b'), expectResponse: true });
    waiting.scheduleCheckPendingRequests();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual(['a', 'b']);
    expect(waiting.pending).toHaveLength(0);
    expect(waiting.throttleCheckTimeoutId).toBeNull(); // and then nothing more is scheduled
  });

  it('is written for kafkajs 2.2.4: when kafkajs changes, see whether it still needs this fix', () => {
    const { version } = JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version: string };
    expect(version).toBe('2.2.4');
  });
});
