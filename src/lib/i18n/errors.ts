/**
 * Every failure a person sees, in the chosen language. Errors carry codes (the domain's
 * refusals, the server's `error.code`, the tablet's own sync and storage failures); the words
 * are chosen here, so a refusal shown in a sheet reads the same whoever made it.
 */
import { StorageFailedError, StorageFullError } from '$lib/client/errors';
import { DomainError } from '$lib/domain/domain-error';
import { COUNT_DATED_BACK_DAYS } from '$lib/domain/events';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from './format';
import { fieldName } from './words';

function domainText(error: DomainError): string {
  const name = error.detail.name ?? '';
  switch (error.code) {
    case 'invalid_quantity':
      switch (error.detail.rule) {
        case 'not_negative':
          return m.error_quantity_not_negative();
        case 'positive':
          return m.error_quantity_positive();
        case 'precision':
          return m.error_quantity_precision({ example: formatNumber(1.25) });
        case 'whole':
          return m.error_quantity_whole();
        default:
          return m.error_quantity_number();
      }
    case 'invalid_field':
      if (error.field === 'name') return m.error_enter_name();
      if (error.field === 'unit') return m.error_enter_unit();
      return m.error_check_field({ field: fieldName(error.field) });
    case 'unknown_item':
      return m.error_unknown_item();
    case 'archived_item':
      return m.error_archived_item({ name });
    case 'unknown_location':
      return m.error_unknown_location();
    case 'archived_location':
      return m.error_archived_location({ name });
    case 'same_location':
      return m.error_same_location();
    case 'already_exists':
      return error.field === 'locationId'
        ? m.error_location_exists()
        : error.field === 'name'
          ? m.error_name_exists({ name })
          : m.error_item_exists();
    case 'already_archived':
      return m.error_already_archived({ name });
    case 'not_archived':
      return m.error_not_archived({ name });
    case 'nothing_changed':
      return m.error_nothing_changed();
    case 'unknown_event':
      return m.error_unknown_event();
    case 'already_undone':
      return m.error_already_undone();
    case 'not_undone':
      return m.error_not_undone();
    case 'unit_mismatch': {
      const units = { from: error.detail.from ?? '', to: error.detail.to ?? '' };
      // Received into an item of another unit: the transfer says what it was sent in.
      return error.field === 'itemId'
        ? m.error_transfer_unit({ name, ...units })
        : m.error_unit_mismatch(units);
    }
    case 'already_finished':
      return m.error_already_finished();
    case 'not_undoable':
      return m.error_not_undoable();
    case 'pack_is_unit':
      return m.error_pack_is_unit({ unit: name });
    case 'unknown_unit':
      return m.error_unknown_unit({
        unit: error.detail.from ?? '',
        name,
        base: error.detail.to ?? '',
      });
    case 'bad_count_date':
      return m.error_bad_count_date({ days: COUNT_DATED_BACK_DAYS });
    case 'unknown_kitchen':
      return m.error_choose_kitchen();
    case 'already_sent':
      return m.error_already_sent({ name });
    case 'already_received':
      return m.error_already_received();
    case 'already_refused':
      return m.error_already_refused();
    default: {
      const _exhaustive: never = error.code;
      return String(_exhaustive);
    }
  }
}

/** A sync failure as the tablet keeps it: a `SyncError`, or its copy in the database. */
export interface SyncProblem {
  kind: string;
  code?: string | undefined;
  status?: number | undefined;
  message: string;
}

function syncText(problem: SyncProblem): string {
  switch (problem.code) {
    case 'unreachable':
      return m.error_unreachable();
    case 'cut_off':
      return m.error_cut_off();
    case 'unexpected_answer':
      return m.error_unexpected_answer();
    case 'wrong_join_code':
      return m.error_wrong_join_code();
    case 'bad_server_address':
      return m.error_bad_server_address();
    case 'no_kitchen_id':
      return m.error_no_kitchen_id();
    case 'too_many_attempts':
      return m.error_too_many_tries();
    case 'device_paired':
      return m.error_device_paired();
    case 'storage_unavailable':
    case 'storage_full':
      return m.error_server_storage();
    case 'unexpected':
      return m.error_unexpected({ detail: problem.message });
  }
  switch (problem.kind) {
    case 'offline':
      return m.error_unreachable();
    case 'unauthorized':
      return m.error_unauthorized();
    case 'forbidden':
      return problem.status === 404 ? m.error_unknown_kitchen() : m.error_forbidden();
    case 'too-large':
      return m.error_too_large();
    case 'rejected':
      return m.error_rejected();
    default:
      return m.error_server({ status: String(problem.status ?? '') });
  }
}

const isSyncProblem = (error: object): error is SyncProblem =>
  typeof (error as Partial<SyncProblem>).kind === 'string' &&
  typeof (error as Partial<SyncProblem>).message === 'string';

/** What went wrong, in words a cook can act on, in the chosen language. */
export function errorText(error: unknown): string {
  if (error instanceof DomainError) return domainText(error);
  if (error instanceof StorageFullError) return m.error_storage_full();
  if (error instanceof StorageFailedError) {
    const cause: unknown = error.cause;
    return m.error_storage_failed({
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }
  if (error && typeof error === 'object' && isSyncProblem(error)) return syncText(error);
  return m.error_unexpected({ detail: error instanceof Error ? error.message : String(error) });
}
