/**
 * Exercise progress kept in localStorage under a versioned key. What comes back from storage is
 * untrusted: anything that is not a well-formed progress record is ignored with a notice, never a crash,
 * and storage that refuses to work (private mode, quota, disabled) only costs persistence.
 */
export const PROGRESS_KEY = 'mailpath.exercises.v1';

export interface Progress {
  readonly version: 1;
  /** Exercise id -> when it was completed (ISO 8601). */
  readonly done: Readonly<Record<string, string>>;
}

export const EMPTY_PROGRESS: Progress = { version: 1, done: {} };

export type ParsedProgress = { readonly progress: Progress; readonly notice?: string };

const CORRUPT = 'Your saved exercise progress could not be read, so it starts afresh.';

export function parseProgress(raw: string | null): ParsedProgress {
  if (raw === null) return { progress: EMPTY_PROGRESS };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: EMPTY_PROGRESS, notice: CORRUPT };
  }
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== 1) {
    return { progress: EMPTY_PROGRESS, notice: CORRUPT };
  }
  const done = (data as { done?: unknown }).done;
  if (typeof done !== 'object' || done === null || Array.isArray(done)) return { progress: EMPTY_PROGRESS, notice: CORRUPT };
  const clean: Record<string, string> = {};
  for (const [id, at] of Object.entries(done)) {
    if (typeof at === 'string' && /^[a-z0-9-]{1,64}$/.test(id)) clean[id] = at;
  }
  return { progress: { version: 1, done: clean } };
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function loadProgress(): ParsedProgress {
  try {
    return parseProgress(storage()?.getItem(PROGRESS_KEY) ?? null);
  } catch {
    return { progress: EMPTY_PROGRESS, notice: 'Exercise progress cannot be read in this browser; it will not be kept.' };
  }
}

/** Returns false when the browser would not store it. */
export function saveProgress(progress: Progress): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

export function withDone(progress: Progress, id: string, at: string): Progress {
  return progress.done[id] ? progress : { version: 1, done: { ...progress.done, [id]: at } };
}
