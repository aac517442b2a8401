import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A client-side PWA: every route is rendered in the browser and the Hono server
    // serves the built files, with index.html as the fallback for deep links.
    adapter: adapter({ fallback: 'index.html', strict: false }),
    serviceWorker: { register: false },
  },
};

export default config;
