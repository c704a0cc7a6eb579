/**
 * DO-SPACES-1: no public-read ACL on buckets or on objects Terraform writes.
 * On App Platform: unchanged; the app's buckets are the same Spaces buckets (a static site is
 * served by App Platform, not from a public bucket).
 */
import { verdict, type PolicyRule } from "../rule";

export const SPACES_1: PolicyRule = {
  id: "DO-SPACES-1",
  title: "No public-read ACL on buckets or on objects Terraform writes",
  rationale: "A public-read bucket lists and serves every object to anyone; serve public files through the CDN from objects the app marks public.",
  equivalents: ["tfsec DIG005", "checkov CKV_DIO_3"],
  appliesTo: ["digitalocean_spaces_bucket", "digitalocean_spaces_bucket_object"],
  evaluate(subject) {
    const acl = subject.config.acl;
    return verdict(
      acl === "public-read"
        ? [{ attribute: "acl", value: acl, problem: `the ${subject.type === "digitalocean_spaces_bucket" ? "bucket" : "object"} is readable by anyone.`, fix: 'set acl = "private".' }]
        : [],
    );
  },
};
