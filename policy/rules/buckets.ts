import type { Json, StackFacts } from "../stack-view";

/** Buckets whose loss is unrecoverable whatever the stack: backups and Terraform state. */
export const KEPT_PURPOSES: readonly string[] = ["backups", "state"];

/**
 * The purpose segment of a bucket named by the Storage construct, `<app>-<stack>-<purpose>-<suffix>`,
 * read after the stack's own prefix (so an app called `acme-media` cannot fool it).
 */
export function bucketPurpose(name: Json | undefined, facts: StackFacts): string | undefined {
  const prefix = `${facts.appTag}-${facts.stack}-`;
  if (typeof name !== "string" || !name.startsWith(prefix)) return undefined;
  return name.slice(prefix.length).split("-")[0];
}
