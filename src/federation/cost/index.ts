/** The data-aware cost estimator: what an operation will touch, from the API schema and what the data holds, before it runs. */
export type { CostEntry, CostEstimate, CostOptions, ListFieldRead } from './estimate.ts';
export { estimateCost } from './estimate.ts';
