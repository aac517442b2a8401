import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appVersion } from './app-version.js';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'larder-version-'));
  write('src/routes/+page.svelte', '<h1>Stock</h1>');
  write('src/lib/domain/fold.ts', 'export const fold = 1;');
  write('static/manifest.webmanifest', '{"name":"Larder"}');
  write('package-lock.json', '{"lockfileVersion":3}');
  write('svelte.config.js', 'export default {};');
  write('vite.config.ts', 'export default {};');
  write('server/main.ts', 'serve();');
  write('README.md', '# Larder');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the app version', () => {
  it('is the same for the same code, built anywhere, at any time', () => {
    const version = appVersion(root);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(appVersion(root)).toBe(version);
    const copy = mkdtempSync(join(tmpdir(), 'larder-version-copy-'));
    try {
      cpSync(root, copy, { recursive: true });
      utimesSync(join(copy, 'src/lib/domain/fold.ts'), new Date(0), new Date(0));
      expect(appVersion(copy)).toBe(version);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('changes with any change to what goes into the client', () => {
    const seen = new Set([appVersion(root)]);
    const changes = [
      () => write('src/lib/domain/fold.ts', 'export const fold = 2;'),
      () => write('src/lib/domain/new-file.ts', ''),
      () => renameSync(join(root, 'src/lib/domain/new-file.ts'), join(root, 'src/lib/other.ts')),
      () => write('static/icon.svg', '<svg/>'),
      () => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}'),
      () => write('svelte.config.js', 'export default { kit: {} };'),
      () => write('vite.config.ts', 'export default { build: {} };'),
      () => write('tsconfig.json', '{}'),
      () => write('messages/es.json', '{"stock":"Existencias"}'),
      () => write('project.inlang/settings.json', '{"locales":["en","es"]}'),
    ];
    for (const change of changes) {
      change();
      const version = appVersion(root);
      expect(seen.has(version)).toBe(false);
      seen.add(version);
    }
  });

  it('ignores what never reaches a tablet: tests, dotfiles, the server, the README', () => {
    const version = appVersion(root);
    // Compiled from messages/, which the version already covers.
    write('src/lib/paraglide/messages.js', 'export const stock = () => "Stock";');
    write('src/lib/domain/fold.test.ts', 'it("folds")');
    write('src/.DS_Store', 'litter');
    write('server/main.ts', 'serve(8080);');
    write('README.md', '# Larder, now with a production section');
    expect(appVersion(root)).toBe(version);
  });
});
