/**
 * The counts of an area under way on this tablet: which area, which items were skipped and
 * which item is next. The counts themselves are events, saved as they are entered; this is
 * only where the person is, so a closed tab or a restart resumes the walk where it stopped.
 */
import { recall, remember } from './ui-preferences';

export interface CountWalk {
  locationId: string;
  skipped: string[];
  /** The item the walk shows; the first not counted when absent or gone. */
  current?: string | undefined;
  /** When it was started (ms), to list it before any count is entered. */
  started: number;
  /** The moment its counts stand for (the end of an earlier day), when dated back. */
  asOf?: number;
}

const KEY = 'countWalks';

export function countWalks(): Record<string, CountWalk> {
  return recall<Record<string, CountWalk>>(KEY, {});
}

export function countWalk(session: string): CountWalk | undefined {
  return countWalks()[session];
}

export function saveCountWalk(session: string, walk: CountWalk | undefined): void {
  const walks = { ...countWalks() };
  if (walk) walks[session] = walk;
  else delete walks[session];
  remember(KEY, walks);
}
