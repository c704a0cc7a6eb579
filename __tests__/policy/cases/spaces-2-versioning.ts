import { SPACES_2 } from "../../../policy/rules/spaces-2-versioning";
import type { RuleCases } from "./types";

const bucket = (purpose: string, extra: object = {}) => ({
  resource: { digitalocean_spaces_bucket: { storage_bucket: { name: `acme-test-${purpose}-\${random_id.storage_suffix.hex}`, region: "nyc3", acl: "private", force_destroy: false, ...extra } } },
});
const on = { versioning: { enabled: true } };
const off = { versioning: { enabled: false } };
const BUCKET = "digitalocean_spaces_bucket.storage_bucket";
const PROD = { production: true };

export const cases: RuleCases = {
  rule: SPACES_2,
  compliant: [
    { name: "production media bucket with versioning", json: bucket("media", on), subject: BUCKET, facts: PROD },
    { name: "development backups bucket with versioning", json: bucket("backups", on), subject: BUCKET },
    { name: "state bucket whose versioning is a one-element list", json: bucket("state", { versioning: [{ enabled: true }] }), subject: BUCKET },
  ],
  nonCompliant: [
    {
      name: "backups bucket of an app whose name contains 'media' (purpose read after the stack prefix)",
      json: { resource: { digitalocean_spaces_bucket: { storage_bucket: { name: "acme-media-test-backups-${random_id.s.hex}", region: "nyc3", acl: "private", ...off } } } },
      subject: BUCKET,
      facts: { appTag: "acme-media" },
      attributes: ["versioning.enabled"],
    },
    { name: "production media bucket with versioning off", json: bucket("media", off), subject: BUCKET, facts: PROD, attributes: ["versioning.enabled"] },
    { name: "development state bucket without a versioning block", json: bucket("state"), subject: BUCKET, attributes: ["versioning.enabled"] },
    { name: "development backups bucket with versioning off", json: bucket("backups", off), subject: BUCKET, attributes: ["versioning.enabled"] },
  ],
  notApplicable: [
    { name: "development media bucket", json: bucket("media", off), subject: BUCKET },
    { name: "development bucket of no known purpose", json: bucket("uploads"), subject: BUCKET },
  ],
};
