#!/usr/bin/env node
// Part of `npm run build`: copies the dashboard's page (src/dashboard/web) next to the compiled server
// (dist/dashboard/web), with the browser libraries it imports taken from node_modules into vendor/. The files are
// copied as they are, with one change: the bare import "preact" becomes a relative path, which is all a browser
// needs to load ES modules without a bundler or an import map.
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src', 'dashboard', 'web');
const target = path.join(root, 'dist', 'dashboard', 'web');
// devDependencies: npm ci installs them at the top of node_modules.
const packageDir = (name) => path.join(root, 'node_modules', name);

const VENDOR = [
  { from: ['preact', 'dist/preact.mjs'], to: 'preact.js' },
  { from: ['preact', 'hooks/dist/hooks.mjs'], to: 'preact-hooks.js' },
  { from: ['htm', 'dist/htm.mjs'], to: 'htm.js' },
  { from: ['marked', 'lib/marked.esm.js'], to: 'marked.js' },
  { from: ['dompurify', 'dist/purify.es.mjs'], to: 'purify.js' },
];
const LICENSES = ['preact', 'htm', 'marked', 'dompurify'];

rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
mkdirSync(path.join(target, 'vendor'), { recursive: true });
for (const {
  from: [name, file],
  to,
} of VENDOR) {
  const text = readFileSync(path.join(packageDir(name), file), 'utf8')
    .replace(/from\s*"preact"/g, 'from"./preact.js"')
    .replace(/^\/\/# sourceMappingURL=.*$/m, '');
  writeFileSync(path.join(target, 'vendor', to), text);
}
for (const name of LICENSES) {
  const { version } = JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8'));
  const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt']
    .map((file) => path.join(packageDir(name), file))
    .find((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false;
      }
    });
  if (license) copyFileSync(license, path.join(target, 'vendor', `${name}-${version}.LICENSE.txt`));
}
