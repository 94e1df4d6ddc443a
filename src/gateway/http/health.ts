import type { Logger } from '../../observability/index.ts';
import { sendJson } from '../../routes/index.ts';
import type { RouteHandler } from './routes.ts';
import type { ReadinessReport } from './types.ts';

/** Liveness: the process answers HTTP. Never depends on backing services. */
export const serveLiveness: RouteHandler = ({ res }) => {
  sendJson(res, 200, { status: 'ok' }, { 'cache-control': 'no-store' });
};

/** Readiness: 200 when every check passes, 503 otherwise; a failing probe counts as not ready. */
export function createReadinessRoute(readiness: (() => Promise<ReadinessReport>) | undefined, logger: Logger): RouteHandler {
  return async ({ res, requestId }) => {
    let report: ReadinessReport = { ready: true, checks: {} };
    if (readiness) {
      try {
        report = await readiness();
      } catch (error) {
        logger.error({ err: error, requestId }, 'readiness probe failed');
        report = { ready: false, checks: {} };
      }
    }
    const body = { status: report.ready ? 'ok' : 'unavailable', checks: report.checks };
    sendJson(res, report.ready ? 200 : 503, body, { 'cache-control': 'no-store' });
  };
}
