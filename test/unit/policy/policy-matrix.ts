/**
 * The demo policies' expected access, persona by persona: for every
 * (subject, action) a persona may act on, the rows (all, or a filter over
 * logical fields) and the fields it may see. Anything not listed is denied:
 * no rows. The unit matrix test checks the policy API against it over the
 * whole catalog; the gateway tests may run the same table end to end.
 */
import type { Action, Actor } from '../../../src/policy/index.ts';
import type { Filter } from '../../../src/sources/index.ts';

export interface Expectation {
  rows: 'all' | Filter;
  /** Fields allowed on those rows; default every field. */
  fields?: string[];
  /** Or: every field but these. */
  exceptFields?: string[];
}

export interface Persona {
  name: string;
  actor: Actor;
  allowed: Record<`${string} ${Action}`, Expectation>;
}

const USER_FIELDS = ['id', 'name', 'email', 'phone', 'country', 'city', 'tier', 'createdAt'];
const every = (subjects: string[], actions: Action[], expectation: Expectation = { rows: 'all' }) =>
  Object.fromEntries(subjects.flatMap((s) => actions.map((a) => [`${s} ${a}`, expectation]))) as Persona['allowed'];
const CATALOG = every(['catalog.Item', 'catalog.Category'], ['read']);
const ENTITY_ACTIONS: Action[] = ['read', 'create', 'update', 'delete'];
const SUB = 'u000042';
const DATASET_ACTIONS: Action[] = ['read', 'create', 'delete'];
const COMMERCE_DATASETS = ['commerce.lake.orderPlaced', 'commerce.lake.orderStatusChanged'];
const ENGAGEMENT_DATASETS = ['viewed', 'listened', 'read', 'purchased'].map((d) => `engagement.lake.${d}`);
/** Datasets the demo pipelines write: no pii, no per-user condition for app users. */
const DERIVED_DATASETS = [
  ...['itemDailyStats', 'userOrderFeatures', 'userViewFeatures', 'userFeatureRows'].map((d) => `engagement.lake.${d}`),
  'identity.lake.userSnapshots',
];
const PIPELINES = ['engagement.pipeline.itemStats', 'engagement.pipeline.userFeatures', 'identity.pipeline.usersSnapshot'];

export const PERSONAS: Persona[] = [
  { name: 'anonymous', actor: { sub: null, roles: [], claims: {} }, allowed: {} },
  {
    name: 'admin',
    actor: { sub: 'root', roles: ['admin'], claims: {} },
    allowed: {
      ...every(['catalog.Item', 'catalog.Category', 'commerce.Order', 'commerce.OrderItem', 'identity.User'], ENTITY_ACTIONS),
      ...every(['platform.Policy', 'platform.AuditLog'], ['read', 'create', 'update', 'delete']),
      ...every([...COMMERCE_DATASETS, ...ENGAGEMENT_DATASETS, ...DERIVED_DATASETS], DATASET_ACTIONS),
      ...every(PIPELINES, ['read', 'execute']),
    },
  },
  {
    name: 'analyst',
    actor: { sub: 'ana', roles: ['analyst'], claims: {} },
    allowed: {
      ...every(['catalog.Item', 'catalog.Category', 'commerce.Order', 'commerce.OrderItem'], ['read']),
      'identity.User read': { rows: 'all', fields: USER_FIELDS.filter((f) => !['name', 'email', 'phone'].includes(f)) },
      ...every(COMMERCE_DATASETS, ['read']),
      ...every(ENGAGEMENT_DATASETS, ['read'], { rows: 'all', exceptFields: ['ip'] }),
      ...every(DERIVED_DATASETS, ['read']),
    },
  },
  {
    name: 'app-user',
    actor: { sub: SUB, roles: ['app-user'], claims: {} },
    allowed: {
      ...CATALOG,
      'identity.User read': { rows: { op: 'eq', field: 'id', value: SUB } },
      'identity.User update': { rows: { op: 'eq', field: 'id', value: SUB }, fields: ['name', 'phone', 'city'] },
      'commerce.Order read': { rows: { op: 'eq', field: 'userId', value: SUB } },
      'commerce.Order create': { rows: { op: 'eq', field: 'userId', value: SUB } },
      ...every(ENGAGEMENT_DATASETS, ['create'], { rows: { op: 'eq', field: 'userId', value: SUB } }),
      ...every(ENGAGEMENT_DATASETS, ['read'], { rows: { op: 'eq', field: 'userId', value: SUB }, exceptFields: ['ip'] }),
    },
  },
  { name: 'app-user without sub', actor: { sub: null, roles: ['app-user'], claims: {} }, allowed: { ...CATALOG } },
  {
    name: 'support DE',
    actor: { sub: 'sam', roles: ['support'], claims: { country: 'DE' } },
    allowed: {
      ...CATALOG,
      ...every(['commerce.Order', 'commerce.OrderItem'], ['read']),
      'identity.User read': { rows: { op: 'eq', field: 'country', value: 'DE' }, fields: USER_FIELDS.filter((f) => f !== 'email') },
    },
  },
  {
    name: 'support without country',
    actor: { sub: 'sam', roles: ['support'], claims: {} },
    allowed: { ...CATALOG, ...every(['commerce.Order', 'commerce.OrderItem'], ['read']) },
  },
  {
    name: 'domain-owner commerce',
    actor: { sub: 'cora', roles: ['domain-owner'], claims: { domain: 'commerce' } },
    allowed: { ...every(['commerce.Order', 'commerce.OrderItem'], ENTITY_ACTIONS), ...every(COMMERCE_DATASETS, DATASET_ACTIONS) },
  },
  { name: 'domain-owner without domain', actor: { sub: 'cora', roles: ['domain-owner'], claims: {} }, allowed: {} },
];
