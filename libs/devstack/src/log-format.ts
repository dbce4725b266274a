// The services' JSON log records as short lines a person reads, for `npm start` (scripts/start.mjs):
// time, level, the message with a few key fields (an HTTP request as `POST /api/loans 201 12ms`, an
// event with its type), and an error (level error or above, or a record carrying `err`) in full
// below it: every field, the whole stack.
// The services themselves always write JSON; only the launcher's terminal shows this.
import { prettyFactory } from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

export interface LogLineFormatOptions {
  color: boolean;
  /** The zone of the shown time (an IANA name); default the machine's. */
  timeZone?: string;
}

/**
 * Shown by the headline or not worth a line: left out of the fields printed under an error.
 * `timestamp` (kafkajs's copy of the time) too, or pino-pretty would print it before the headline.
 */
const HEADLINE_KEYS = ['time', 'timestamp', 'level', 'msg', 'service', 'name', 'pid', 'hostname', 'context'];

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

type Paint = (text: string) => string;
/** The colours pino-pretty hands a message format (plain when colour is off). */
interface Colors {
  red: Paint;
  yellow: Paint;
  green: Paint;
  gray: Paint;
  dim: Paint;
}

function levelLabel(level: unknown, colors: Colors): string {
  const label = (typeof level === 'number' ? LEVELS[level] : undefined) ?? 'USER';
  const padded = label.padEnd(5);
  if (typeof level !== 'number') return padded;
  if (level >= 50) return colors.red(padded);
  if (level >= 40) return colors.yellow(padded);
  if (level >= 30) return colors.green(padded);
  return colors.gray(padded);
}

function clock(time: unknown, timeZone: string | undefined): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Number.NaN);
  if (Number.isNaN(date.getTime())) return '--:--:--';
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone }).format(
    date,
  );
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** What a record says, in a few words: the message and the fields that matter for its kind. */
export function logSummary(record: Record<string, unknown>): string {
  if (record.msg === 'http request') {
    const duration = typeof record.durationMs === 'number' ? ` ${Math.round(record.durationMs)}ms` : '';
    return `${text(record.method)} ${text(record.path)} ${text(record.status)}${duration}${record.aborted === true ? ' aborted' : ''}`;
  }
  const parts = [text(record.context) === '' ? '' : `[${text(record.context)}]`, text(record.msg)];
  if (typeof record.type === 'string') parts.push(record.type);
  if (typeof record.count === 'number') parts.push(`×${record.count}`);
  if (Array.isArray(record.topics)) parts.push(`→ ${record.topics.map(text).join(', ')}`);
  else if (typeof record.topic === 'string')
    parts.push(`→ ${record.topic}${typeof record.partition === 'number' ? `/${record.partition}` : ''}`);
  if (typeof record.retryInMs === 'number') parts.push(`(retry in ${record.retryInMs}ms)`);
  return parts.filter((part) => part !== '').join(' ');
}

/**
 * A formatter of output lines: a pino JSON record becomes its short line (plus its fields and
 * stack when it carries an error); any other line comes back as it was.
 */
export function logLineFormatter(options: LogLineFormatOptions): (line: string) => string {
  const shared = {
    colorize: options.color,
    ignore: HEADLINE_KEYS.join(','),
    messageFormat: (record: Record<string, unknown>, _key: string, _label: string, { colors }: { colors: Colors }) =>
      `${colors.dim(clock(record.time, options.timeZone))} ${levelLabel(record.level, colors)} ${logSummary(record)}`,
  };
  const brief = prettyFactory({ ...shared, hideObject: true });
  const full = prettyFactory({ ...shared, hideObject: false });
  return (line) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return line;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record) || !('level' in record)) return line;
    const inFull = 'err' in record || (typeof record.level === 'number' && record.level >= 50);
    return ((inFull ? full : brief)(record) as string).replace(/\s+$/, '');
  };
}

/** IPLEDGER_LOG_FORMAT (json|pretty), else pretty on a terminal and JSON when the output goes elsewhere. */
export function logFormatFromEnv(value: string | undefined, isTerminal: boolean): LogFormat {
  if (value === undefined || value === '') return isTerminal ? 'pretty' : 'json';
  if (value === 'json' || value === 'pretty') return value;
  throw new Error(`IPLEDGER_LOG_FORMAT must be json or pretty (got ${JSON.stringify(value)})`);
}
