import { z } from 'zod';

/** One input or output of a conformance case, with the file (beside model.onnx) that holds its value. */
export const caseTensorSchema = z.object({
  name: z.string(),
  dtype: z.enum(['float32', 'float16', 'int32', 'int64', 'int8', 'uint8', 'bool']),
  shape: z.array(z.number().int().nonnegative()),
  file: z.string(),
});

export const conformanceCaseSchema = z.object({
  /** The ONNX test's folder name, e.g. "test_conv_with_strides_padding". */
  id: z.string(),
  /** The operator under test; an "_expanded" case tests that operator's function body. */
  op: z.string(),
  expanded: z.boolean(),
  opset: z.number().int(),
  inputs: z.array(caseTensorSchema),
  outputs: z.array(caseTensorSchema),
});

/** A case the extraction left out, and why (a dtype or value kind the runtime contract lacks). */
export const skippedCaseSchema = z.object({ id: z.string(), op: z.string(), reason: z.string() });

/** public/generated/conformance/index.json, written at install time from Debian's libonnx-testdata. */
export const caseIndexSchema = z.object({
  source: z.string(),
  cases: z.array(conformanceCaseSchema),
  skipped: z.array(skippedCaseSchema),
});

export type CaseTensor = z.infer<typeof caseTensorSchema>;
export type ConformanceCase = z.infer<typeof conformanceCaseSchema>;
export type SkippedCase = z.infer<typeof skippedCaseSchema>;
export type CaseIndex = z.infer<typeof caseIndexSchema>;
