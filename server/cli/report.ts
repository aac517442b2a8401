/** `larder report`: a tablet's export of a kitchen as CSV, from the server's copy of its log. */
import { writeFile } from 'node:fs/promises';
import { ExportRequestError, kitchenExport, tableCsv } from '../exports';
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
  if (out === undefined) io.out(csv);
  else {
    await writeFile(out, csv, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      throw new CliFailure(
        error.code === 'EEXIST' ? `${out} exists already; choose a new file` : error.message,
      );
    });
    io.err(`Wrote ${name} of ${kitchenId} to ${out}\n`);
  }
}
