// Where the repository and its ignored working folder (.ipledger) are, wherever devstack is
// loaded from (jest, swc-node, a compiled bundle).
import fs from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this file holding both nx.json and package.json. */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json')) && fs.existsSync(path.join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`devstack: no repository root (nx.json) above ${__dirname}`);
    dir = parent;
  }
}

/** The ignored working folder: $IPLEDGER_HOME, or .ipledger at the repository root. */
export function ipledgerHome(): string {
  const fromEnv = process.env['IPLEDGER_HOME'];
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(repoRoot(), '.ipledger');
}

/** Kafka's jars, fetched by scripts/bootstrap.mjs from infra/kafka/pom.xml. */
export function defaultKafkaJarsDir(): string {
  return path.join(repoRoot(), '.ipledger', 'kafka-jars');
}

/** The last `maxLines` lines of a text file ('' when it does not exist). Reads at most 64 KiB. */
export function tailFile(file: string, maxLines = 40): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-maxLines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
