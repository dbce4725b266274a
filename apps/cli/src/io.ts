// What a command may touch besides the API: its output streams, the environment and files.
import { writeFileSync } from 'node:fs';

export interface Io {
  stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  writeFile(path: string, data: string | Uint8Array): void;
  fetch?: typeof fetch;
}

export const processIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  writeFile: (path, data) => writeFileSync(path, data),
});
