/**
 * The base every module may import: small, dependency-free building blocks
 * (it imports nothing from src/), so it can sit below every other module.
 */
export { assertNever, UnhandledCaseError } from './assert-never.ts';
export { ConfigError } from './config-error.ts';
