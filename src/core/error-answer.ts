import { z } from 'zod';

/** The store's error answer: `{ error }`, a message naming the field or the limit. */
const errorAnswer = z.object({ error: z.string() });

/** The message of a JSON body, when it is the store's error answer (a proxy may answer anything). */
function errorMessageOf(body: unknown): string | undefined {
  return errorAnswer.safeParse(body).data?.error;
}

/**
 * Why the store refused a request: its error message, or the HTTP status text. The answer is typed by
 * shape, not as fetch's Response, because the core compiles without the DOM or Node.
 */
export async function refusalOf(response: { statusText: string; json(): Promise<unknown> }): Promise<string> {
  const body = await response.json().catch(() => null);
  return errorMessageOf(body) ?? response.statusText;
}
