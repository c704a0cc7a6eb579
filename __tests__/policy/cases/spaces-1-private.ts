import { SPACES_1 } from "../../../policy/rules/spaces-1-private";
import type { RuleCases } from "./types";
import { ref } from "./types";

const bucket = (extra: object) => ({ name: "acme-test-media-${random_id.storage_suffix.hex}", region: "nyc3", force_destroy: false, ...extra });
const object = (extra: object) => ({ region: "nyc3", bucket: ref("digitalocean_spaces_bucket.storage_bucket", "name"), key: "robots.txt", content: "User-agent: *\nDisallow: /\n", ...extra });
const stack = (b: object, o?: object) => ({
  resource: { digitalocean_spaces_bucket: { storage_bucket: b }, ...(o ? { digitalocean_spaces_bucket_object: { robots: o } } : {}) },
});
const BUCKET = "digitalocean_spaces_bucket.storage_bucket";
const OBJECT = "digitalocean_spaces_bucket_object.robots";

export const cases: RuleCases = {
  rule: SPACES_1,
  compliant: [
    { name: "private bucket", json: stack(bucket({ acl: "private" })), subject: BUCKET },
    { name: "bucket without acl (private by default)", json: stack(bucket({})), subject: BUCKET },
    { name: "private object in a private bucket", json: stack(bucket({ acl: "private" }), object({ acl: "private" })), subject: OBJECT },
  ],
  nonCompliant: [
    { name: "public-read bucket", json: stack(bucket({ acl: "public-read" })), subject: BUCKET, attributes: ["acl"] },
    { name: "public-read object in a private bucket", json: stack(bucket({ acl: "private" }), object({ acl: "public-read" })), subject: OBJECT, attributes: ["acl"] },
  ],
};
