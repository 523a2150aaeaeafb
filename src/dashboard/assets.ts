import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The page's files as the build leaves them next to this module: dist/dashboard/web (see scripts/dashboard-assets.mjs). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('./web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface Asset {
  type: string;
  body: Buffer;
  /** The body compressed, when that is smaller. */
  gzip: Buffer | undefined;
  etag: string;
}

/**
 * Every file of the web folder, read once into memory: a few dozen small files. Paths are the keys of a map
 * built from the folder itself, so no request path ever reaches the file system.
 */
export function loadAssets(root: string = DEFAULT_WEB_ROOT): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        const type = TYPES[path.extname(entry.name)];
        if (!type || entry.name.endsWith('.map')) continue;
        const body = readFileSync(file);
        const packed = gzipSync(body, { level: 9 });
        const urlPath = `/${path.relative(root, file).split(path.sep).join('/')}`;
        assets.set(urlPath, {
          type,
          body,
          gzip: packed.length < body.length ? packed : undefined,
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        });
      }
    }
  };
  try {
    walk(root);
  } catch (error) {
    throw new Error(`The dashboard's files are missing from ${root}; run npm run build. (${(error as Error).message})`);
  }
  if (!assets.has('/index.html')) throw new Error(`The dashboard's index.html is missing from ${root}; run npm run build.`);
  return assets;
}
