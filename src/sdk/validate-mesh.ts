/**
 * Validation across data products: names unique in the mesh, cross-domain
 * references resolvable (relations, and pipeline inputs with their types). Run by the gateway once every domain is loaded.
 */
import type { DataProduct } from './descriptor-types.ts';
import { DescriptorError, type DescriptorIssue } from './descriptor-error.ts';
import { list } from './validate-references.ts';
import { pipelineIssues } from './validate-pipelines.ts';
import { meshStepCycle } from './step-graph.ts';

export function validateMesh(products: readonly DataProduct[]): void {
  const issues: DescriptorIssue[] = [];
  const domains = new Map<string, DataProduct>();
  const typeOwners = new Map<string, string>();
  for (const product of products) {
    if (domains.has(product.name)) {
      issues.push({ domain: product.name, path: 'name', message: `two data products are named ${product.name}` });
    }
    domains.set(product.name, product);
    for (const entity of Object.keys(product.operational?.entities ?? {})) {
      const owner = typeOwners.get(entity);
      if (owner) {
        issues.push({
          domain: product.name,
          path: `operational.entities.${entity}`,
          message: `type ${entity} is already defined by domain ${owner}; type names are unique across the mesh`,
        });
      } else typeOwners.set(entity, product.name);
    }
  }
  for (const product of products) issues.push(...crossDomainIssues(product, domains));
  // Local pipeline issues were refused at load already: what is left reads across domains.
  if (issues.length === 0) for (const product of products) issues.push(...pipelineIssues(product, domains));
  const cycle = issues.length === 0 ? meshStepCycle(products) : undefined;
  if (cycle) {
    const [domain, pipeline] = cycle[0]!.split('.');
    issues.push({ domain: domain!, path: `pipelines.${pipeline}.steps`, message: `steps form a cycle across pipelines: ${cycle.join(' → ')}` });
  }
  if (issues.length) throw new DescriptorError(issues);
}

function crossDomainIssues(product: DataProduct, domains: Map<string, DataProduct>): DescriptorIssue[] {
  const issues: DescriptorIssue[] = [];
  for (const [entityName, entity] of Object.entries(product.operational?.entities ?? {})) {
    for (const [relName, rel] of Object.entries(entity.relations ?? {})) {
      const [domainName, targetName] = rel.target.split('.');
      if (!targetName) continue;
      const path = `operational.entities.${entityName}.relations.${relName}.target`;
      const domain = domains.get(domainName!);
      const entities = domain?.operational?.entities ?? {};
      if (!domain) issues.push({ domain: product.name, path, message: `names unknown domain ${domainName}; domains are: ${[...domains.keys()].join(', ')}` });
      else if (!entities[targetName])
        issues.push({ domain: product.name, path, message: `names unknown entity ${targetName} of ${domainName}; its entities are: ${list(entities)}` });
    }
  }
  return issues;
}
