// kafkajs 2.2.4, its last release (the project is no longer maintained), schedules the check of a
// connection's pending requests with `setTimeout(check, throttledUntil - now)` even when nothing is
// pending and no throttle is set: the delay is negative, the timer fires at once and schedules itself
// again, so every broker connection that has answered one request spins a 1 ms timer for as long as
// it lives (kafkajs issues #1556 and #1704; the fix below is the one proposed in #1667 and #1768,
// never released). Measured here: an idle service spent about 5 % of a core on it, nine services
// and the test harness together about a quarter of this 2-core machine.
//
// Loading this module replaces that one method on kafkajs' RequestQueue (every client of the
// process shares the class, including connections opened before): a check is scheduled only while
// requests wait (kafkajs' own 10 ms interval) or until a broker-imposed throttle ends. Requests are
// otherwise sent as they come, and a fulfilled request checks the queue again (kafkajs' own path),
// so nothing that waits is left behind. @ipledger/messaging loads it with its index; remove it when
// kafkajs is replaced or releases the fix (kafkajs-idle-loop-fix.spec.ts fails when kafkajs' version changes).
import { createRequire } from 'node:module';

/** What this fix touches of kafkajs' internal RequestQueue (src/network/requestQueue). */
export interface KafkajsRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' CHECK_PENDING_REQUESTS_INTERVAL: how often waiting requests are looked at. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

const FIXED = Symbol.for('ipledger.kafkajs-idle-loop-fix');

/** kafkajs' RequestQueue class, as every kafkajs client of this process uses it. */
export function kafkajsRequestQueueClass(): { prototype: KafkajsRequestQueue } {
  const load = createRequire(require.resolve('kafkajs'));
  return load('./src/network/requestQueue') as { prototype: KafkajsRequestQueue };
}

/** The check scheduled only when something waits for it (a pending request, or the end of a throttle). */
function scheduleCheckPendingRequests(this: KafkajsRequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delayMs: number;
  if (this.pending.length > 0) delayMs = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  else if (untilUnthrottled > 0) delayMs = untilUnthrottled;
  else return; // nothing waits: the next request is sent when it comes
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delayMs);
}

/** Replaces RequestQueue.scheduleCheckPendingRequests once per process; returns whether it did now. */
export function fixKafkajsIdleLoop(): boolean {
  const prototype = kafkajsRequestQueueClass().prototype as KafkajsRequestQueue & { [FIXED]?: true };
  if (prototype[FIXED]) return false;
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  prototype[FIXED] = true;
  return true;
}

fixKafkajsIdleLoop();
