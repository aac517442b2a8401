/**
 * `larder report`: a tablet's export of a kitchen as CSV, from the server's copy of its log;
 * `larder transfers`: the district's transfers.
 */
import { writeFile } from 'node:fs/promises';
import { transfersTable } from '../../src/lib/export/district';
import { localToday } from '../../src/lib/ui-model/local-today';
import { ExportRequestError, kitchenExport, tableCsv } from '../exports';
import { districtTransfers } from '../transfers';
import type { Store } from '../storage/store';
import { CliFailure, required, type Args, type CliIo } from './cli-errors';

export async function reportCommand(
  store: Store,
  rest: string[],
  args: Args,
  io: CliIo,
): Promise<void> {
  const kitchenId = required(rest[0], 'report needs a kitchen id');
  const name = required(rest[1], 'report needs the name of an export');
  if (!(await store.getKitchen(kitchenId))) throw new CliFailure(`No kitchen ${kitchenId}`);
  const { first, last, at, session, out } = args.options;
  let csv: string;
  try {
    csv = tableCsv(await kitchenExport(store, kitchenId, name, { first, last, at, session }));
  } catch (error) {
    if (error instanceof ExportRequestError) throw new CliFailure(error.message);
    throw error;
  }
  await write(csv, out, `${name} of ${kitchenId}`, io);
}

/** `larder transfers`: the district's transfers as CSV, open or off by default. */
export async function transfersCommand(store: Store, args: Args, io: CliIo): Promise<void> {
  const views = await districtTransfers(store, args.options.all === true);
  const csv = tableCsv(transfersTable(views, localToday()));
  await write(csv, args.options.out, 'the transfers', io);
}

/** Writes `csv` to stdout, or to a new file `out` (never over an existing one). */
async function write(csv: string, out: string | undefined, what: string, io: CliIo) {
  if (out === undefined) {
    io.out(csv);
    return;
  }
  await writeFile(out, csv, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    throw new CliFailure(
      error.code === 'EEXIST' ? `${out} exists already; choose a new file` : error.message,
    );
  });
  io.err(`Wrote ${what} to ${out}\n`);
}
