import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appVersion } from './scripts/app-version.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A client-side PWA: every route is rendered in the browser and the Hono server
    // serves the built files, with index.html as the fallback for deep links.
    adapter: adapter({ fallback: 'index.html', strict: false }),
    serviceWorker: { register: false },
    // The same code builds the same version: a restart or rebuild never prompts the tablets.
    version: { name: appVersion(dirname(fileURLToPath(import.meta.url))) },
  },
};

export default config;
