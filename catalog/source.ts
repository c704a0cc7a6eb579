/** Where a catalog fact comes from: the public page it was read on, and when. */
export interface Source {
  readonly url: string;
  /** ISO date the page was read. */
  readonly read: string;
}

export const source = (url: string, read = "2026-11-22"): Source => ({ url, read });
