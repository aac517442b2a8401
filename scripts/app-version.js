/**
 * The app's version: a hash of what goes into the client, so that a rebuild of unchanged code
 * keeps it (tablets are not asked to reload and download the app again) and any change to
 * the code, its assets, its dependencies or its build configuration makes a new one.
 * SvelteKit's default, the build time, changed at every build. A hash of the built files
 * cannot be used: the version is written into them.
 *
 * Plain JavaScript: `svelte.config.js` imports it, before any TypeScript tooling runs.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders and files, relative to the project root, whose content makes the client. */
export const VERSION_INPUTS = [
  'src',
  'messages',
  'project.inlang/settings.json',
  'static',
  'package-lock.json',
  'svelte.config.js',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.sw.json',
  'scripts/app-version.js',
  'scripts/messages.js',
];

/** Made from other inputs (the message catalog is compiled from `messages/`). */
const GENERATED = ['src/lib/paraglide'];

/** Tests and dotfiles (editor and OS litter) never reach the client. */
/** @param {string} name */
const leftOut = (name) => name.startsWith('.') || /\.test\.ts$/.test(name);

/**
 * @param {string} root the project's root folder
 * @returns {string} 16 hex digits of a SHA-256 over every input file's path and content
 */
export function appVersion(root) {
  const hash = createHash('sha256');
  const generated = GENERATED.map((path) => join(root, path));
  for (const input of VERSION_INPUTS) {
    for (const file of filesUnder(join(root, input), generated)) {
      // The path with `/` on every system, then the length: no two trees hash alike.
      const content = readFileSync(file);
      hash.update(`${relative(root, file).split(sep).join('/')}\0${content.length}\0`);
      hash.update(content);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * @param {string} path
 * @param {string[]} skipped folders left out
 * @returns {string[]} every file at or under `path`, in a fixed order
 */
function filesUnder(path, skipped) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || skipped.includes(path)) return [];
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !leftOut(name))
    .sort()
    .flatMap((name) => filesUnder(join(path, name), skipped));
}
