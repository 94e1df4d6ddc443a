/**
 * Development tokens for the embedded profile: a random HS256 secret kept in
 * the data directory, and `meshgate token` minting tokens signed with it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';

const SECRET_FILE = 'dev-jwt-secret';

/** The embedded profile's secret, created (mode 0600) on first use. */
export function devSecret(dataDir: string): string {
  if (dataDir.startsWith('memory://')) return memorySecret;
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const memorySecret = randomBytes(32).toString('base64url');

export interface TokenRequest {
  sub: string;
  roles: string[];
  claims?: Record<string, unknown>;
  /** jose time span, e.g. `8h`. */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

export async function mintToken(secret: string, request: TokenRequest): Promise<string> {
  let jwt = new SignJWT({ ...request.claims, roles: request.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h');
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
