import { describe, expect, it } from 'vitest';
import { readSse, SseParser } from './sse';

describe('SSE parser', () => {
  it('parses id and data lines and skips ping comments', () => {
    const p = new SseParser();
    expect(p.push(': ping\n\nid: 1\ndata: {"a":1}\n\n')).toEqual([{ id: '1', data: '{"a":1}' }]);
  });

  it('joins messages split anywhere across chunks, with any line ending', () => {
    const p = new SseParser();
    const text = 'id: 7\r\ndata: one\r\ndata: two\r\n\r\n: ping\n\nid:8\ndata:x\n\n';
    const out = [...text].flatMap((ch) => p.push(ch));
    expect(out).toEqual([
      { id: '7', data: 'one\ntwo' },
      { id: '8', data: 'x' },
    ]);
  });

  it('reads a byte stream into batches of messages', async () => {
    const bytes = new TextEncoder().encode('id: 1\ndata: a\n\nid: 2\ndata: b\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 9));
        c.enqueue(bytes.slice(9));
        c.close();
      },
    });
    const batches = [];
    for await (const batch of readSse(body)) batches.push(batch);
    expect(batches.flat().map((m) => m.data)).toEqual(['a', 'b']);
  });
});
