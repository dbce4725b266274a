// Preloaded into the Prisma CLI by scripts/prisma.mjs. The CLI's WebAssembly schema engine leaves
// a 10 s timer pending after `migrate deploy` / `migrate diff` have finished, so every command
// took 10 s longer than its work. Timers of 5 s or more are unref'd: they still fire while the
// CLI has anything else to do (connections, queries, output), but no longer keep it alive.
const { promisify } = require('node:util');

const original = globalThis.setTimeout;

function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = original(callback, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
}
setTimeoutUnrefLong[promisify.custom] = original[promisify.custom];
globalThis.setTimeout = setTimeoutUnrefLong;
