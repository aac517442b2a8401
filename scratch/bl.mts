import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
const app = new Hono();
app.post('/x', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ e: 413 }, 413) }), async (c) => c.json({ ok: (await c.req.text()).length }));
const server = serve({ fetch: app.fetch, port: 0 }, async (info) => {
  const url = `http://127.0.0.1:${info.port}/x`;
  for (const size of [1000, 2 * 1024 * 1024]) {
    try {
      const res = await fetch(url, { method: 'POST', body: 'x'.repeat(size), headers: { 'content-type': 'text/plain' } });
      console.log(size, res.status, await res.text(), res.headers.get('connection'));
    } catch (e) { console.log(size, 'fetch failed', (e as Error).cause); }
  }
  server.close();
});
