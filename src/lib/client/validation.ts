/**
 * The event schemas (`$lib/domain/validate`, with valibot) load when a tablet first records
 * or receives an event, not with the stock screen: 3.4 KiB gzipped of its first load (shell
 * size, measured beside the change). A page loads them with `import()`; a service worker
 * cannot (it is a classic script, and `import()` is refused there), so it bundles them and
 * hands them over. Whoever starts the client calls `loadValidationWith` once.
 */
import type * as Validate from '$lib/domain/validate';

export type Validation = typeof Validate;

let load: (() => Promise<Validation>) | undefined;
let loaded: Promise<Validation> | undefined;

export function loadValidationWith(how: () => Promise<Validation>): void {
  load = how;
  loaded = undefined;
}

export function validation(): Promise<Validation> {
  if (!load) return Promise.reject(new Error('The event schemas were never provided.'));
  return (loaded ??= load());
}
