/**
 * The zod schema of a pipeline: its shape only. References (inputs, outputs,
 * the step graph), the cron expression and the types at the edges are checked
 * in `validate-pipelines.ts` and, across domains, `validate-mesh.ts`.
 */
import { z } from 'zod';

const STEP_NAME = /^[a-z][A-Za-z0-9]*$/;
const stepName = z.string().regex(STEP_NAME, { message: `must be a camelCase step name (${STEP_NAME.source})` });
const blocking = { blocking: z.boolean().optional() };
const fieldList = z.array(z.string()).min(1, { message: 'must name at least one field' });

const inputSchema = z.union([
  z.strictObject({ dataset: z.string().min(1), window: z.strictObject({ partitions: z.number().int().min(1).max(366) }).optional() }),
  z.strictObject({ entity: z.string().min(1) }),
  z.strictObject({ step: z.string().min(1) }),
]);

const outputSchema = z.union([z.strictObject({ dataset: z.string().min(1) }), z.strictObject({ entity: z.string().min(1), mode: z.literal('upsert') })]);

const checkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rowCount'), min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional(), ...blocking }),
  z.strictObject({ kind: z.literal('notNull'), fields: fieldList, ...blocking }),
  z.strictObject({ kind: z.literal('unique'), fields: fieldList, ...blocking }),
  z.strictObject({ kind: z.literal('acceptedValues'), field: z.string(), values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1), ...blocking }),
  z.strictObject({ kind: z.literal('freshness'), field: z.string(), maxAgeHours: z.number().positive(), ...blocking }),
]);

const stepSchema = z.strictObject({
  description: z.string().optional(),
  inputs: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: 'must be a camelCase input name' }), inputSchema),
  output: outputSchema,
  transform: z.custom<unknown>((value) => typeof value === 'function', { message: 'must be a function (inputs) => Relation' }),
  checks: z.array(checkSchema).optional(),
  dependsOn: z.array(z.string()).optional(),
});

export const pipelineSchema = z.strictObject({
  description: z.string().optional(),
  principal: z.strictObject({
    sub: z.string().min(1),
    roles: z.array(z.string().min(1)).min(1, { message: 'must name at least one role' }),
    claims: z.record(z.string(), z.string()).optional(),
  }),
  partitioning: z.enum(['day', 'hour', 'none']).optional(),
  schedule: z.string().optional(),
  retries: z.strictObject({ maxAttempts: z.number().int().min(1).max(100), backoffSeconds: z.number().int().min(0) }).optional(),
  steps: z.record(stepName, stepSchema).refine((steps) => Object.keys(steps).length > 0, { message: 'must declare at least one step' }),
});
