/** `larder kitchen ...` and `larder device ...`. */
import { createKitchen, KITCHEN_ID_PATTERN, rotateJoinCode } from '../kitchens';
import type { Store } from '../storage/store';
import { CliFailure, required, UsageError, type Args, type CliIo } from './cli-errors';

/** Plain text columns, for a terminal. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export async function kitchenCommand(
  store: Store,
  [sub, ...rest]: string[],
  args: Args,
  io: CliIo,
): Promise<void> {
  switch (sub) {
    case 'create': {
      const name = required(rest.join(' ').trim() || undefined, 'kitchen create needs a name');
      const id = args.options.id;
      if (id !== undefined && !KITCHEN_ID_PATTERN.test(id)) {
        throw new UsageError('--id must be lower-case letters, digits and dashes (1-64)');
      }
      const created = await createKitchen(store, name, new Date(), id);
      if ('taken' in created) throw new CliFailure(`A kitchen ${created.taken} exists already`);
      io.out(
        `Created kitchen ${created.kitchenId} (${created.name})\n` +
          `Join code: ${created.joinCode}   (shown once; \`larder kitchen rotate-code ${created.kitchenId}\` makes a new one)\n`,
      );
      return;
    }
    case 'list': {
      const kitchens = await store.listKitchens();
      const rows = await Promise.all(
        kitchens.map(async (k) => {
          const devices = await store.listDevices(k.id);
          const live = devices.filter((d) => d.revokedAt === null).length;
          return [k.id, k.name, String(await store.head(k.id)), String(live), k.createdAt];
        }),
      );
      io.out(
        rows.length === 0
          ? 'No kitchens yet: larder kitchen create <name>\n'
          : table(['KITCHEN', 'NAME', 'EVENTS', 'DEVICES', 'CREATED'], rows),
      );
      return;
    }
    case 'rotate-code': {
      const kitchenId = required(rest[0], 'kitchen rotate-code needs a kitchen id');
      const code = await rotateJoinCode(store, kitchenId);
      if (!code) throw new CliFailure(`No kitchen ${kitchenId}`);
      io.out(`New join code for ${kitchenId}: ${code}   (the old code no longer works)\n`);
      return;
    }
    default:
      throw new UsageError(`kitchen needs create, list or rotate-code${sub ? `, not ${sub}` : ''}`);
  }
}

export async function deviceCommand(
  store: Store,
  [sub, ...rest]: string[],
  io: CliIo,
): Promise<void> {
  const kitchenId = required(rest[0], `device ${sub ?? ''} needs a kitchen id`.replace('  ', ' '));
  if (sub !== 'list' && sub !== 'revoke') {
    throw new UsageError(`device needs list or revoke${sub ? `, not ${sub}` : ''}`);
  }
  if (!(await store.getKitchen(kitchenId))) throw new CliFailure(`No kitchen ${kitchenId}`);
  if (sub === 'list') {
    const devices = await store.listDevices(kitchenId);
    io.out(
      devices.length === 0
        ? `No devices paired with ${kitchenId}\n`
        : table(
            ['DEVICE', 'NAME', 'PAIRED', 'REVOKED'],
            devices.map((d) => [d.deviceId, d.name, d.pairedAt, d.revokedAt ?? '']),
          ),
    );
    return;
  }
  const deviceId = required(rest[1], 'device revoke needs a device id');
  if (!(await store.revokeDevice(kitchenId, deviceId, new Date().toISOString()))) {
    throw new CliFailure(`No device ${deviceId} in kitchen ${kitchenId}`);
  }
  io.out(`Revoked ${deviceId}: its token is refused from now on (pair it again to reuse it)\n`);
}
