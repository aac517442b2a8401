// Larder is a client-side PWA: nothing is rendered on a server, the built files are static.
export const ssr = false;
export const prerender = false;
