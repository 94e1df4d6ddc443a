/**
 * Security headers on every answer, after helmet's defaults: no MIME sniffing, no referrer, no
 * framing, no cross-origin opener or no-cors embedding, and a Content-Security-Policy that lets
 * nothing load (the gateway answers JSON). The GraphiQL page gets a policy of its own that allows
 * its local assets and its one inline script by hash. HSTS only over TLS: over plain HTTP the
 * header is ignored by browsers, and sending it could pin a host that has no TLS.
 */
import { createHash } from 'node:crypto';

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** One year, with subdomains: helmet's default. */
const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(tls: boolean): Record<string, string> {
  return {
    'content-security-policy': API_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-permitted-cross-domain-policies': 'none',
    'x-dns-prefetch-control': 'off',
    ...(tls ? { 'strict-transport-security': HSTS } : {}),
  };
}

/**
 * The GraphiQL page's policy: scripts from the gateway plus the page's inline script by its
 * SHA-256; styles from the gateway and inline (GraphiQL's dialogs inject a `<style>` element at run
 * time, and a hash cannot cover that); images and fonts also as `data:` URLs (GraphiQL's CSS embeds
 * them); requests to the gateway only.
 */
export function graphiqlContentSecurityPolicy(inlineScript: string): string {
  const hash = createHash('sha256').update(inlineScript, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
