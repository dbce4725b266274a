import { formatEventTokens, MAX_EVENT_TOKENS, parseEventTokens } from './headers';

const ID = '01939a4e-7c1b-7f3a-9a51-2f0c9e8b1d22';
const OTHER = '01939a4e-7c1b-7f3a-9a51-2f0c9e8b1d23';

describe('event tokens (IPledger-Events, IPledger-After)', () => {
  it('reads what a command answers, from one header or several, duplicates once, ids in lower case', () => {
    expect(parseEventTokens(`PledgeRegistered:${ID}, LoanDisbursed:${OTHER.toUpperCase()}`)).toEqual({
      ok: true,
      tokens: [
        { type: 'PledgeRegistered', eventId: ID },
        { type: 'LoanDisbursed', eventId: OTHER },
      ],
    });
    expect(parseEventTokens([`PledgeRegistered:${ID}`, `PledgeRegistered:${ID},`])).toEqual({
      ok: true,
      tokens: [{ type: 'PledgeRegistered', eventId: ID }],
    });
    expect(parseEventTokens('')).toEqual({ ok: true, tokens: [] });
    expect(parseEventTokens(undefined)).toEqual({ ok: true, tokens: [] });
  });

  it('writes tokens the way it reads them', () => {
    const tokens = [
      { type: 'PledgeValued' as const, eventId: ID },
      { type: 'LoanDefaulted' as const, eventId: OTHER },
    ];
    expect(formatEventTokens(tokens)).toBe(`PledgeValued:${ID}, LoanDefaulted:${OTHER}`);
    expect(parseEventTokens(formatEventTokens(tokens))).toEqual({ ok: true, tokens });
  });

  it('refuses a malformed token, an unknown event type and too many tokens, saying which', () => {
    expect(parseEventTokens('PledgeRegistered')).toEqual({
      ok: false,
      rule: '"PledgeRegistered" is not an event token <EventType>:<eventId> (a UUID)',
    });
    expect(parseEventTokens(`NoSuchEvent:${ID}`)).toEqual({ ok: false, rule: '"NoSuchEvent" is not an event type of the catalogue' });
    expect(parseEventTokens(Array.from({ length: MAX_EVENT_TOKENS + 1 }, () => `LoanRepaid:${ID}`).join(','))).toMatchObject({ ok: false });
  });
});
