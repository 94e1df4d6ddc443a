export { runPlan, type PlanRun } from './run-plan.ts';
export { compileObjectShape, shapeResponse, type ObjectShape } from './response-shape.ts';
