// What the global setup started, kept for the global teardown (both run in jest's main process).
// No path aliases here: loaded without jest's moduleNameMapper.
/* eslint-disable-next-line @nx/enforce-module-boundaries -- path aliases are not available to jest's global setup */
import type { KafkaHandle, PostgresHandle } from '../../devstack/src/index';

export interface TestStack {
  runId: string;
  tmpDir: string;
  postgres?: PostgresHandle;
  kafka?: KafkaHandle;
  /** The run's production build (buildForProcesses), which the service processes start from. */
  build?: string;
}

const KEY = '__ipledgerTestStack';

export function getStack(): TestStack | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as TestStack | undefined;
}

export function setStack(stack: TestStack | undefined): void {
  (globalThis as Record<string, unknown>)[KEY] = stack;
}
