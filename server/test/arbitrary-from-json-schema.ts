import fc from 'fast-check';

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** The part of JSON Schema that z.toJSONSchema writes for the run record. */
export interface JsonSchema {
  /** Several for a nullable primitive: ["number", "null"]. */
  type?: JsonType | JsonType[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/** Strings PostgreSQL refuses or that break naive code: U+0000, lone surrogates, markup. */
const hostileStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '<b>',
  '',
  'é\ud83d\ude00',
);

/**
 * Number spellings JSON.stringify never writes. They travel as a marker string that `toJsonText`
 * turns into the raw token, so the body carries `-0`, `1e400` or `NaN` as a client might send it.
 */
const hostileNumbers = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, 5e-324, -1, 2, 0.1 + 0.2, Number.MAX_SAFE_INTEGER + 2),
  fc
    .constantFrom('-0', '1e400', '-1e400', 'NaN', '1.0', '1E0', '0.10e1', '1e-400')
    .map((token) => `${rawMarker}${token}${rawMarker}`),
);
const rawMarker = '\u0001raw\u0001';

/** JSON text of a generated value, with the raw number spellings put in. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw\\u0001(.*?)\\u0001raw\\u0001"/g, '$1');
}

const isoDate = (min: number, max: number) =>
  fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => d.toISOString());

/**
 * Values for `schema`: mostly what it describes, then one leaf in about `1 / (1 + 1000 / hostility)`
 * replaced with a hostile string, number or date, and arrays now and then holding an element twice
 * (a repeated configId). Arrays are kept to 3 elements so records stay small.
 */
export function arbitraryFromJsonSchema(schema: JsonSchema, hostility: number): fc.Arbitrary<unknown> {
  const maybeHostile = (regular: fc.Arbitrary<unknown>, hostile: fc.Arbitrary<unknown>) =>
    hostility > 0
      ? fc.oneof({ arbitrary: regular, weight: 1000 }, { arbitrary: hostile, weight: hostility })
      : regular;
  const of = (s: JsonSchema) => arbitraryFromJsonSchema(s, hostility);

  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return maybeHostile(fc.constantFrom(...schema.enum), hostileStrings);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(of));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => of({ ...schema, type })));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'object': {
      if (schema.properties)
        return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, of(s)])));
      const value =
        typeof schema.additionalProperties === 'object' ? of(schema.additionalProperties) : fc.jsonValue();
      return fc.dictionary(of(schema.propertyNames ?? { type: 'string' }) as fc.Arbitrary<string>, value, {
        maxKeys: 3,
      });
    }
    case 'array': {
      const items = fc.array(of(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
      return maybeHostile(
        items,
        items.filter((a) => a.length > 0).map((a) => [...a, a[0]]),
      );
    }
    case 'integer':
    case 'number': {
      const min =
        schema.exclusiveMinimum !== undefined
          ? schema.exclusiveMinimum + (schema.type === 'integer' ? 1 : Number.EPSILON)
          : schema.minimum;
      const regular =
        schema.type === 'integer'
          ? fc.integer({
              min: min ?? Number.MIN_SAFE_INTEGER,
              max: schema.maximum ?? Number.MAX_SAFE_INTEGER,
            })
          : fc.double({
              min: min ?? -Number.MAX_VALUE,
              max: schema.maximum ?? Number.MAX_VALUE,
              noNaN: true,
              noDefaultInfinity: true,
            });
      return maybeHostile(regular, hostileNumbers);
    }
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') {
        // Mostly dates a run can carry; hostile ones from year 0000 to 9999.
        return maybeHostile(
          isoDate(Date.UTC(2000, 0, 1), Date.UTC(2099, 11, 31)),
          isoDate(Date.parse('0000-01-01T00:00:00Z'), Date.UTC(9999, 11, 31)),
        );
      }
      const regular = schema.pattern
        ? fc
            .stringMatching(new RegExp(schema.pattern))
            .filter((s) => s.length <= (schema.maxLength ?? Infinity))
        : fc.string({ maxLength: schema.maxLength ?? 64 });
      return maybeHostile(regular, hostileStrings);
    }
    default:
      throw new Error(`arbitraryFromJsonSchema: no generator for ${JSON.stringify(schema).slice(0, 200)}`);
  }
}
