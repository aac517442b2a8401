/**
 * The message catalog's compiler settings, shared by the Vite plugin (app, tests) and
 * `npm run messages` (type-check and lint read the compiled catalog before any build).
 *
 * The language a tablet shows: the one chosen on it (kept in localStorage, offline), else the
 * browser's language when it is one of ours, else English.
 */
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const messagesOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  strategy: ['localStorage', 'preferredLanguage', 'baseLocale'],
  localStorageKey: 'larder.language',
  emitReadme: false,
};
