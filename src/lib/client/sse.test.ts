import { describe, expect, it } from 'vitest';
import { readSse } from './sse';

/** A body that arrives in the given pieces. */
function body(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

async function read(stream: ReadableStream<Uint8Array>) {
  const batches = [];
  for await (const batch of readSse(stream)) batches.push(batch);
  return batches;
}

describe('SSE reader', () => {
  it('reads id and data, skips ping comments, and batches what each chunk completes', async () => {
    const bytes = new TextEncoder().encode(': ping\n\nid: 1\ndata: {"a":1}\n\nid: 2\ndata: b\n\n');
    const batches = await read(body([bytes.slice(0, 30), bytes.slice(30)]));
    expect(batches.flat()).toEqual([
      { id: '1', data: '{"a":1}', event: undefined },
      { id: '2', data: 'b', event: undefined },
    ]);
    expect(batches.length).toBe(2);
  });

  it('joins messages split at any byte, with any line ending and multi-byte text', async () => {
    const text = 'id: 7\r\ndata: one\r\ndata: two\r\n\r\n: ping\n\nid:8\ndata:Crème fraîche\n\n';
    const bytes = new TextEncoder().encode(text);
    const batches = await read(body([...bytes].map((b) => Uint8Array.of(b))));
    expect(batches.flat().map(({ id, data }) => ({ id, data }))).toEqual([
      { id: '7', data: 'one\ntwo' },
      { id: '8', data: 'Crème fraîche' },
    ]);
  });
});
