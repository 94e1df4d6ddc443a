/**
 * The embedded profile's S3: s3rver in-process on loopback, storing under
 * `dir`, silent. It accepts s3rver's fixed credentials only.
 */
import S3rver from 's3rver';

export interface EmbeddedS3Options {
  dir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface EmbeddedS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  close(): Promise<void>;
}

export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, directory: options.dir, silent: true });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    region: 'us-east-1',
    close: () => server.close(),
  };
}
