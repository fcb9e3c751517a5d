import { z } from 'zod';

/** U+0000 or a UTF-16 surrogate that is not half of a pair: PostgreSQL's text and jsonb refuse both. */
// eslint-disable-next-line no-control-regex -- U+0000 is the very character PostgreSQL refuses.
const unstorable = /\u0000|\p{Surrogate}/u;

/** A string every store can keep as it is, so the schema refuses what the database would. */
export const storableString = () =>
  z.string().refine((s) => !unstorable.test(s), 'must not contain U+0000 or a lone surrogate');
