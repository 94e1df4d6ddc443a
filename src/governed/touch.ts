import type { Plane, ResourceAccess } from '../audit/index.ts';
import type { GovernedContext } from './context.ts';

/** What a plane reports of one resource it touched; the plane and action are added by `touch`. */
export type Touch = Omit<ResourceAccess, 'plane' | 'action'>;

/** Records a touch on the request's access record. */
export function touch(context: GovernedContext, plane: Plane, action: string, read: Touch): void {
  context.audit.touch({ ...read, plane, action });
}
