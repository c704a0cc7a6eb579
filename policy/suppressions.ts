/**
 * Suppressions: explicit, per construct, per rule id, with a written reason. They are stored as
 * construct metadata (so they travel with the construct, never in module state), apply to the
 * construct and everything below it, and their reasons are printed with every synth.
 */
import type { IConstruct } from "constructs";

const SUPPRESSION = "platform/policy-suppression";
const RULE_ID = /^DO-[A-Z]+-\d+$/;
/** Long enough that "ok" or "temp" will not do. */
export const MIN_REASON_LENGTH = 20;

export interface Suppression {
  readonly id: string;
  readonly reason: string;
}

export function suppress(scope: IConstruct, id: string, reason: string): void {
  if (!RULE_ID.test(id)) {
    throw new Error(`suppression on ${scope.node.path}: rule id ${JSON.stringify(id)} is not a rule id; ids look like DO-FW-1 (see docs/policy.md)`);
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`suppression of ${id} on ${scope.node.path}: reason ${JSON.stringify(reason)} is too short; write why the rule does not apply here (at least ${MIN_REASON_LENGTH} characters)`);
  }
  scope.node.addMetadata(SUPPRESSION, { id, reason: reason.trim() } satisfies Suppression);
}

/** Suppressions placed directly on this construct. */
export function suppressionsOn(construct: IConstruct): Suppression[] {
  return construct.node.metadata.filter((m) => m.type === SUPPRESSION).map((m) => m.data as Suppression);
}

/** The suppression of `id` that covers `construct` (on it or on an ancestor), nearest first. */
export function suppressionFor(construct: IConstruct, id: string): Suppression | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const found = suppressionsOn(scope).find((s) => s.id === id);
    if (found) return found;
  }
  return undefined;
}
