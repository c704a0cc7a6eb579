/**
 * STUB — being filled in (ForceNew table of provider v2.71.0). Interface is fixed:
 */
export interface ForceNewEntry {
  /** Attribute paths whose change forces replacement: top-level names (`user_data`) or dotted nested paths (`grant.bucket`). */
  readonly attributes: readonly string[];
  /** Where this was read: provider source file at tag v2.71.0 (or Terraform docs for built-ins). */
  readonly source: string;
}

export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {};

/** Whether changing `attribute` (top-level name or dotted path, list indexes dropped) of a `type` forces replacement. */
export function forcesReplacement(type: string, attribute: string): boolean {
  const entry = FORCE_NEW[type];
  if (!entry) return false;
  return entry.attributes.some((a) => attribute === a || attribute.startsWith(`${a}.`));
}
