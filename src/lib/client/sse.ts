/**
 * A reader for Server-Sent Events over a streaming `fetch` body. The tablet does not use
 * `EventSource` because it cannot send the `Authorization` header, and tokens never go in
 * URLs. Follows the WHATWG event-stream format: `id:` and `data:` fields, a blank line ends
 * a message, lines starting with `:` are comments (the server's `: ping`).
 */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** Splits text arriving in arbitrary chunks into messages. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private id: string | undefined;
  private event: string | undefined;

  /** Feeds a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone '\r' at the end might be the first half of '\r\n': wait for more.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      if (!this.data.length) {
        this.event = undefined;
        return undefined;
      }
      const message: SseMessage = { data: this.data.join('\n') };
      if (this.id !== undefined) message.id = this.id;
      if (this.event !== undefined) message.event = this.event;
      this.data = [];
      this.event = undefined;
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
    else if (field === 'event') this.event = value;
    return undefined;
  }
}

/** Reads a response body as SSE messages until it ends or `signal` aborts. */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseMessage[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const abort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', abort);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const messages = parser.push(decoder.decode(value, { stream: true }));
      if (messages.length) yield messages;
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    reader.releaseLock();
  }
}
