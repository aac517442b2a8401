/**
 * The public API of Larder's domain: pure TypeScript, no I/O, no clock. The page, the
 * service worker and the server import from here. Names here are stable.
 */
export * from './events';
export {
  HLC_ZERO,
  DEFAULT_MAX_SKEW_MS,
  hlcNow,
  hlcReceive,
  hlcWall,
  decodeHlc,
  encodeHlc,
} from './hlc';
export type { Hlc, HlcParts, ReceiveResult } from './hlc';
export { compareEvents, sortEvents } from './order';
export { toMilli, fromMilli, hasAtMostThreeDecimals, MAX_QUANTITY } from './quantity';
export { convertQty, knownUnit, unitKind, type UnitKind } from './units';
export type { Milli } from './quantity';
export { validateEvent, assertEvent, canonicalJson, InvalidEventError } from './validate';
export type { ValidationIssue, ValidationResult } from './validate';
export { upcast } from './upcast';
export { KITCHEN_ID_PATTERN } from './schemas';

// State and fold.
export type {
  KitchenState,
  ItemState,
  LocationState,
  StockCell,
  Lot,
  CountRecord,
  Register,
  RegisterKind,
} from './state';
export { initialState, fold, evolve, sortLog } from './fold';
export { KitchenLog } from './kitchen-log';

// Commands.
export type { Command, CommandType } from './commands';
export { decide } from './decide';
export type { DecideContext, Decision } from './decide';
export { DomainError } from './domain-error';
export type { DomainErrorCode } from './domain-error';

// Projections.
export type { ViewOptions } from './catalog-filter';
export { stockOnHand, stockByItem } from './stock-on-hand';
export type { StockRow, ItemStockRow } from './stock-on-hand';
export { expiringWithin } from './expiring';
export type { ExpiringLot } from './expiring';
export { belowPar } from './below-par';
export type { ReorderLine } from './below-par';
export { inventoryValue } from './inventory-value';
export type { InventoryValue } from './inventory-value';
export { history, itemHistory, countDetail } from './item-history';
export type { HistoryEntry, CountDetail } from './item-history';
export { conflicts } from './conflicts';
export { countSessions, countSession, biggestDifferences, shelfWalk } from './count-sessions';
export type { CountSession, CountLine } from './count-sessions';
export type { Conflict, ConflictValue } from './conflicts';
