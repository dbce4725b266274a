// Writes docs/events.md from the contracts: `npm run docs:events`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderEventsDoc } from './render-events-doc';

const EVENTS_DOC_PATH = resolve(__dirname, '../../../../docs/events.md');

writeFileSync(EVENTS_DOC_PATH, renderEventsDoc());
process.stdout.write(`wrote ${EVENTS_DOC_PATH}\n`);
