/**
 * `larder export` / `larder import`: a kitchen's log as NDJSON, one event envelope per line
 * in seq order, without seq (a cursor of this server only) or kitchen (the file is the
 * kitchen). Import validates every line with the domain's schemas before storing any, then
 * appends in batches; events already there count as duplicates, so it can be rerun.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { EventEnvelope } from '../../src/lib/domain/index';
import { validateEvent } from '../../src/lib/domain/index';
import type { Store } from '../storage/store';
import { CliFailure, type Args, type CliIo } from './cli-errors';

const PAGE = 5000;
const BATCH = 1000;
const MAX_REPORTED = 20;

export async function exportLog(
  store: Store,
  kitchenId: string,
  args: Args,
  io: CliIo,
): Promise<void> {
  if (!(await store.getKitchen(kitchenId))) throw new CliFailure(`No kitchen ${kitchenId}`);
  const out = args.options.out;
  const file = out ? createWriteStream(out) : undefined;
  const write = (text: string) =>
    file
      ? new Promise<void>((resolve, reject) =>
          file.write(text, (error) => (error ? reject(error) : resolve())),
        )
      : Promise.resolve(io.out(text));
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.read(kitchenId, after, PAGE);
    if (page.events.length > 0) {
      await write(
        page.events.map(({ seq: _seq, ...event }) => JSON.stringify(event)).join('\n') + '\n',
      );
    }
    count += page.events.length;
    after = page.events.at(-1)?.seq ?? after;
    if (!page.more) break;
  }
  if (file) {
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    io.err(`Exported ${count} events of ${kitchenId} to ${out}\n`);
  }
}

export async function importLog(
  store: Store,
  kitchenId: string,
  path: string | undefined,
  io: CliIo,
): Promise<void> {
  if (!(await store.getKitchen(kitchenId))) {
    throw new CliFailure(`No kitchen ${kitchenId}: create it first (larder kitchen create)`);
  }
  const input: Readable = path && path !== '-' ? createReadStream(path) : io.stdin;
  const events: EventEnvelope[] = [];
  const problems: string[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(`line ${lineNo}: not JSON`);
      continue;
    }
    // An export of another server may carry its seq: it is a cursor there, not part of the event.
    if (parsed && typeof parsed === 'object' && 'seq' in parsed) {
      const { seq: _seq, ...rest } = parsed as Record<string, unknown>;
      parsed = rest;
    }
    const result = validateEvent(parsed);
    if (result.ok) events.push(result.event);
    else {
      problems.push(
        `line ${lineNo}: ${result.issues.map((i) => `${i.path || 'event'} ${i.message}`).join('; ')}`,
      );
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED).join('\n  ');
    const more =
      problems.length > MAX_REPORTED ? `\n  ...and ${problems.length - MAX_REPORTED} more` : '';
    throw new CliFailure(`Nothing imported: ${problems.length} bad lines\n  ${shown}${more}`);
  }
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const result = await store.append(kitchenId, events.slice(i, i + BATCH));
    if (!result.ok) {
      const ids = result.conflicts
        .map((c) => c.id)
        .slice(0, MAX_REPORTED)
        .join(', ');
      throw new CliFailure(
        `Stopped at event ${i + 1}: ${result.conflicts.length} ids are stored with other content (${ids}); ` +
          `${accepted} events before them were imported`,
      );
    }
    accepted += result.accepted.length;
    duplicates += result.duplicates;
  }
  io.out(`Imported into ${kitchenId}: ${accepted} new events, ${duplicates} already there\n`);
}
