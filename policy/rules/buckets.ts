import type { Json } from "../stack-view";

/** Buckets whose loss is unrecoverable whatever the stack: backups and Terraform state. */
export const KEPT_PURPOSES: readonly string[] = ["backups", "state"];

/** The purpose segment of a bucket named by the Storage construct: `<app>-<stack>-<purpose>-<suffix>`. */
export function bucketPurpose(name: Json | undefined): string | undefined {
  const m = typeof name === "string" ? /-(media|backups|state)(?:-|$)/.exec(name) : null;
  return m?.[1];
}
