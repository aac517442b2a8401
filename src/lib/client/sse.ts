/**
 * Server-Sent Events over a streaming `fetch` body, parsed by eventsource-parser. The tablet
 * does not use `EventSource` because it cannot send the `Authorization` header, and tokens
 * never go in URLs.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseMessage = EventSourceMessage;

/**
 * Reads a response body as SSE messages until it ends or `signal` aborts, yielding the
 * messages each chunk of the body completed (comments, such as the server's `: ping`, are
 * not messages).
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseMessage[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let completed: SseMessage[] = [];
  const parser = createParser({ onEvent: (message) => completed.push(message) });
  const abort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', abort);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      if (completed.length) {
        yield completed;
        completed = [];
      }
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    reader.releaseLock();
  }
}
