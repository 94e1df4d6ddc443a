/** Per-request collection of the resources an operation touched; lives on the request context. */
import type { ResourceAccess } from './types.ts';

export interface AccessCollector {
  /** Records a touch; repeated touches of one (subject, action, decision, rule) merge: fields unite, rows add up. */
  touch(resource: ResourceAccess): void;
  /** The merged resources, in first-touch order. */
  resources(): ResourceAccess[];
}

export function createAccessCollector(): AccessCollector {
  const merged = new Map<string, { resource: ResourceAccess; fields: Set<string> }>();
  return {
    touch(resource) {
      const key = JSON.stringify([resource.subject, resource.action, resource.decision, resource.rule ?? null]);
      const existing = merged.get(key);
      if (!existing) {
        merged.set(key, { resource: { ...resource, fields: [] }, fields: new Set(resource.fields) });
        return;
      }
      for (const field of resource.fields) existing.fields.add(field);
      existing.resource.rows += resource.rows;
      if (existing.resource.reason === undefined && resource.reason !== undefined) existing.resource.reason = resource.reason;
    },
    resources() {
      return [...merged.values()].map(({ resource, fields }) => ({ ...resource, fields: [...fields] }));
    },
  };
}
