import { describe, expect, it } from 'vitest';
import { refusalOf } from './error-answer';

describe('refusalOf', () => {
  it("gives the store's error message", async () => {
    const answer = Response.json(
      { error: 'runId: not a uuid' },
      { status: 422, statusText: 'Unprocessable' },
    );
    expect(await refusalOf(answer)).toBe('runId: not a uuid');
  });

  it('falls back to the status text when the body is not the error answer', async () => {
    const html = new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' });
    expect(await refusalOf(html)).toBe('Bad Gateway');
    const other = Response.json({ error: 42 }, { status: 500, statusText: 'Internal Server Error' });
    expect(await refusalOf(other)).toBe('Internal Server Error');
  });
});
