/**
 * DO-SPACES-3: no force_destroy where data must survive.
 * On App Platform: unchanged; the buckets are the same.
 */
import { verdict, type PolicyRule } from "../rule";
import { bucketPurpose, KEPT_PURPOSES } from "./buckets";

export const SPACES_3: PolicyRule = {
  id: "DO-SPACES-3",
  title: "force_destroy is never true on buckets of production stacks or on backup and state buckets",
  rationale: "force_destroy lets a destroy delete every object of a bucket without asking.",
  equivalents: ["tfsec DIG007"],
  appliesTo: ["digitalocean_spaces_bucket"],
  evaluate(subject, stack) {
    const purpose = bucketPurpose(subject.config.name, stack.facts);
    if (!stack.facts.production && !(purpose && KEPT_PURPOSES.includes(purpose))) return { status: "NOT_APPLICABLE" };
    return verdict(
      subject.config.force_destroy === true
        ? [{ attribute: "force_destroy", value: true, problem: "destroying the stack would delete the bucket with all its objects.", fix: "set force_destroy = false." }]
        : [],
    );
  },
};
