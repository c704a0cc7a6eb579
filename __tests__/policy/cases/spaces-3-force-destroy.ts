import { SPACES_3 } from "../../../policy/rules/spaces-3-force-destroy";
import type { RuleCases } from "./types";

const bucket = (purpose: string, extra: object = {}) => ({
  resource: { digitalocean_spaces_bucket: { storage_bucket: { name: `acme-test-${purpose}-\${random_id.storage_suffix.hex}`, region: "nyc3", acl: "private", ...extra } } },
});
const BUCKET = "digitalocean_spaces_bucket.storage_bucket";
const PROD = { production: true };

export const cases: RuleCases = {
  rule: SPACES_3,
  compliant: [
    { name: "production media bucket with force_destroy = false", json: bucket("media", { force_destroy: false }), subject: BUCKET, facts: PROD },
    { name: "development backups bucket without force_destroy", json: bucket("backups"), subject: BUCKET },
  ],
  nonCompliant: [
    { name: "production media bucket with force_destroy", json: bucket("media", { force_destroy: true }), subject: BUCKET, facts: PROD, attributes: ["force_destroy"] },
    { name: "development state bucket with force_destroy", json: bucket("state", { force_destroy: true }), subject: BUCKET, attributes: ["force_destroy"] },
  ],
  notApplicable: [
    { name: "development media bucket with force_destroy", json: bucket("media", { force_destroy: true }), subject: BUCKET },
  ],
};
