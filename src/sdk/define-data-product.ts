import type { z } from 'zod';
import type { DataProduct, DataProductDescriptor } from './descriptor-types.ts';
import { descriptorSchema } from './descriptor-schema.ts';
import { DescriptorError, type DescriptorIssue } from './descriptor-error.ts';
import { referenceIssues } from './validate-references.ts';
import { pipelineIssues } from './validate-pipelines.ts';

/**
 * Declares a data product. Validates the descriptor at load and throws a
 * `DescriptorError` naming the domain, the path and what is allowed; returns
 * the descriptor marked as validated, which is all the engine accepts.
 */
export function defineDataProduct<const D extends DataProductDescriptor>(descriptor: D): D & DataProduct {
  const parsed = descriptorSchema.safeParse(descriptor);
  const domain = typeof descriptor?.name === 'string' ? descriptor.name : '(unnamed)';
  if (!parsed.success) throw new DescriptorError(zodIssues(domain, parsed.error));
  const issues = referenceIssues(descriptor);
  if (issues.length === 0) issues.push(...pipelineIssues(descriptor));
  if (issues.length) throw new DescriptorError(issues);
  return Object.freeze({ ...descriptor, __validated: true as const });
}

function zodIssues(domain: string, error: z.ZodError): DescriptorIssue[] {
  return error.issues.map((issue) => ({
    domain,
    path: issue.path.map(String).join('.'),
    message: describe(issue),
  }));
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `is not allowed; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key(s) ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return `${issue.message}`;
    default:
      return issue.message;
  }
}
