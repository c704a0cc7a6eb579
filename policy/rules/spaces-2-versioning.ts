/**
 * DO-SPACES-2: versioning where data must survive.
 * On App Platform: unchanged; the buckets are the same.
 */
import { verdict, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";
import { bucketPurpose, KEPT_PURPOSES } from "./buckets";

export const SPACES_2: PolicyRule = {
  id: "DO-SPACES-2",
  title: "Versioning on buckets of production stacks and on backup and state buckets",
  rationale: "Without versions, one mistaken delete or overwrite of prod media, a backup or Terraform state is final.",
  equivalents: ["tfsec DIG006", "checkov CKV_DIO_1"],
  appliesTo: ["digitalocean_spaces_bucket"],
  evaluate(subject, stack) {
    const purpose = bucketPurpose(subject.config.name, stack.facts);
    if (!stack.facts.production && !(purpose && KEPT_PURPOSES.includes(purpose))) return { status: "NOT_APPLICABLE" };
    const enabled = blocks(subject.config.versioning).some((v) => v.enabled === true);
    return verdict(
      enabled
        ? []
        : [{
            attribute: "versioning.enabled",
            value: blocks(subject.config.versioning)[0]?.enabled ?? null,
            problem: `the ${purpose ?? "production"} bucket keeps no old versions.`,
            fix: "set versioning { enabled = true } (config bucket.versioning: true) with an expiry for old versions.",
          }],
    );
  },
};
