import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EVENT_DEFINITIONS } from '../catalogue';
import { PledgeApplicationSubmittedV1 } from '../events/pledge-events';
import { topicNames } from '../topics';
import { fieldRows, renderEventsDoc } from './render-events-doc';

const DOC_PATH = resolve(__dirname, '../../../../docs/events.md');

function readDoc(): string {
  try {
    return readFileSync(DOC_PATH, 'utf8');
  } catch {
    return '';
  }
}

function firstDifference(actual: string, expected: string): string {
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const index = expectedLines.findIndex((line, i) => actualLines[i] !== line);
  const at = index === -1 ? expectedLines.length : index;
  return `line ${at + 1}:\n  in docs/events.md: ${JSON.stringify(actualLines[at] ?? '(end of file)')}\n  rendered:          ${JSON.stringify(expectedLines[at] ?? '(end of file)')}`;
}

/** The Markdown of one event's section, from its heading to the next. */
function sectionOf(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start === -1) return '';
  const end = doc.indexOf('\n### ', start + heading.length + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

describe('docs/events.md', () => {
  const doc = readDoc();

  it('is exactly what the catalogue renders', () => {
    const rendered = renderEventsDoc();
    if (doc !== rendered) {
      throw new Error(
        `docs/events.md is out of date with libs/contracts: run \`npm run docs:events\` and commit the result.\nFirst difference at ${firstDifference(doc, rendered)}`,
      );
    }
  });

  test.each(topicNames())('names topic %s', (name) => {
    expect(doc).toContain(`\`${name}\``);
  });

  describe.each(EVENT_DEFINITIONS.map((definition) => [`${definition.type} v${definition.version}`, definition] as const))(
    '%s',
    (heading, definition) => {
      it('has its own section', () => {
        expect(doc).toContain(`\n### ${heading}\n`);
      });

      it('documents every payload field', () => {
        const section = sectionOf(doc, `### ${heading}`);
        const missing = fieldRows(definition.payload)
          .map((row) => row.path)
          .filter((path) => !section.includes(`| \`${path}\` |`));

        expect(missing).toEqual([]);
      });
    },
  );
});

describe('fieldRows', () => {
  const rows = fieldRows(PledgeApplicationSubmittedV1);
  const row = (path: string) => rows.find((candidate) => candidate.path === path);

  it('names nested object fields by dotted path', () => {
    expect(row('pledgor')).toMatchObject({ type: 'object', presence: 'required' });
    expect(row('pledgor.uscc')).toMatchObject({ type: 'string', presence: 'required' });
    expect(row('pledgor.uscc')?.rule).toContain('^[0-9A-HJ-NPQRTUWXY]{18}$');
  });

  it('names array item fields with []', () => {
    expect(row('ipItems')).toMatchObject({
      type: 'array of object',
      rule: 'at least 1 item; each item has the fields `ipItems[].…` below',
    });
    expect(row('ipItems[].ipType')?.rule).toContain('one of `invention-patent`');
    expect(row('ipItems[].title')).toMatchObject({ presence: 'required, nullable', rule: 'at most 200 characters' });
  });

  it('says what money, integers and timestamps must look like', () => {
    expect(row('requestedLoanAmount')?.rule).toContain('exactly two decimals');
    expect(row('termMonths')).toMatchObject({ type: 'integer', rule: '1 to 36' });
    expect(row('submittedAt')?.rule).toContain('ISO-8601 timestamp');
  });
});
