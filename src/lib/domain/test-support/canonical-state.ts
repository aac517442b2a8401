/** A plain, key-sorted picture of a state, for comparing two states with `toEqual`. */
import type { KitchenState } from '../state';

const sortedEntries = <V, R>(map: ReadonlyMap<string, V>, f: (v: V) => R): [string, R][] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, f(v)]);

export function canonicalState(state: KitchenState, withLog = true) {
  return {
    items: sortedEntries(state.items, (item) => ({ ...item })),
    locations: sortedEntries(state.locations, (location) => ({ ...location })),
    stock: sortedEntries(state.stock, (byLocation) =>
      sortedEntries(byLocation, (cell) => ({
        ...cell,
        lots: cell.lots.map((lot) => ({ ...lot })),
      })),
    ),
    counts: sortedEntries(state.counts, (record) => ({ ...record })),
    registers: sortedEntries(state.registers, (register) => ({
      ...register,
      heads: register.heads.map((head) => head.id),
      named: 'named' in register ? [...(register.named as Set<string>)].sort() : [],
    })),
    ...(withLog && {
      log: state.log.map((event) => event.id),
      undone: [...state.undone].filter((id) => state.log.some((e) => e.id === id)).sort(),
    }),
  };
}
