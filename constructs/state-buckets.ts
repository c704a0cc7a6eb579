import { Construct } from "constructs";
import { SpacesBucket } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import type { Region } from "../catalog/regions";
import type { StackName } from "../config/types";
import { renameTracker, replaceOnRename } from "./terraform-data";

export interface StateBucketProps {
  /** The bucket's full name, `<bucketPrefix>-<id>` (fixed: the environment stacks' backends name it). */
  readonly name: string;
  readonly region: Region;
  /** The stacks whose state it holds (for the key's name and the outputs' descriptions). */
  readonly stacks: readonly StackName[];
  readonly noncurrentVersionDays: number;
}

/**
 * One Terraform state bucket, the one Spaces key that can write it, and one that can only read it.
 *
 * The bucket is private, versioned (every apply writes a new version of the state: a bad one can
 * be rolled back), keeps superseded versions `noncurrentVersionDays`, never force-destroyed and
 * `prevent_destroy`. Its name is fixed, not suffixed like the app's buckets: each environment
 * stack's S3 backend names it, and a backend block cannot read another stack's output.
 *
 * The key's grant is `readwrite` on this bucket alone, so the key that runs dev cannot read
 * prod's state. `digitalocean_spaces_key` grants take a bucket name and a permission of `read`,
 * `readwrite` or `fullaccess` (provider docs/resources/spaces_key.md, v2.71.0; DigitalOcean API
 * "Spaces Keys"). Its secret is read only through a sensitive output; it is in the bootstrap's
 * local state, which is why that state file must be kept like a password.
 *
 * The read-only key (grant `read` on this bucket alone) is for pull requests' plans of the stacks
 * kept here: a plan reads the state and never writes it (`-lock=false`: no lock file either), so a
 * plan run with this key cannot change or delete the state, whatever the branch's code does. It
 * still reads the state, which holds the stacks' secrets: that is why those plans also wait for an
 * approval (.github/workflows/pull-request.yml, environment `production-plan`).
 */
export class StateBucket extends Construct {
  readonly bucket: SpacesBucket;
  readonly key: SpacesKey;
  readonly readKey: SpacesKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new SpacesBucket(this, "bucket", {
      name: props.name,
      region: props.region,
      acl: "private",
      forceDestroy: false,
      versioning: { enabled: true },
      lifecycleRule: [
        { id: "expire-old-versions", enabled: true, noncurrentVersionExpiration: { days: props.noncurrentVersionDays } },
      ],
      lifecycle: { preventDestroy: true },
    });
    replaceOnRename(this.bucket, renameTracker(this, "name", props.name));
    this.key = new SpacesKey(this, "key", {
      name: `${props.name}-terraform`,
      grant: [{ bucket: this.bucket.name, permission: "readwrite" }],
    });
    this.readKey = new SpacesKey(this, "read-key", {
      name: `${props.name}-terraform-read`,
      grant: [{ bucket: this.bucket.name, permission: "read" }],
    });
  }
}
