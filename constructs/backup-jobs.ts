import { Construct } from "constructs";
import { DataTerraformRemoteStateS3 } from "cdktf";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import type { SpacesBucket } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import type { Naming } from "../config/naming";
import type { ResolvedBackupJobs } from "../config/types";
import type { BackupSettings } from "../runtimes/backup";
import type { DatabaseSettings } from "../runtimes/types";
import { spacesS3Settings } from "./terraform-settings";

export interface BackupJobsProps {
  readonly naming: Naming;
  readonly jobs: ResolvedBackupJobs;
  /** This stack's bucket, which the jobs write. */
  readonly destination: SpacesBucket;
  readonly destinationRegion: string;
  /** The database the dump reads (dr: the replica, with the app user's password read from the API). */
  readonly database: DatabaseSettings;
  /** Name of the Droplet that runs the jobs. */
  readonly server: string;
}

/** The source stack's output that names its bucket (stacks/platform-stack.ts writes it). */
export const SOURCE_BUCKET_OUTPUT = "bucket_name";

/**
 * What the backup jobs need from Terraform: the copy's source bucket and two Spaces keys, each
 * scoped by a grant to one bucket: `read` on the source, `readwrite` on the destination (a grant
 * names a bucket and a permission of `read`, `readwrite` or `fullaccess`, docs/resources/
 * spaces_key.md; grants update in place, resource_spaces_key.go). No bucket policy: DigitalOcean
 * refuses limited-access keys on a bucket with one (docs.digitalocean.com, Spaces "How to Configure
 * Bucket Policies").
 *
 * The source bucket's name (random suffix) is the source stack's `bucket_name` output, read with
 * `terraform_remote_state` from the source's state in the state bucket, in the state region (never
 * the source's region: config/validate.ts validateStateRegion), with the S3 backend's own settings
 * and credentials (prod and dr share the `<prefix>-prod` state bucket and its key). Not
 * `digitalocean_spaces_buckets`: that data source lists the buckets of every Spaces region and fails
 * on the first region that errors (provider v2.71.0 digitalocean/spaces/spaces_entities.go,
 * getDigitalOceanBuckets), so dr's plan failed in exactly the outage dr is for (issue 15).
 * A stack with no copy (dr after failover: config/validate.ts resolveBackupJobs) reads nothing of the
 * source and has no reader key.
 *
 * Nothing here is a literal secret: the keys' secrets are attributes of the key resources, handed to
 * the deploy command through the sensitive `backup_settings` output (never user_data). The remote
 * state's outputs include the source's sensitive outputs; they land in this stack's state, which
 * lives in the same bucket under the same key as the source's own state (no new reader).
 */
export class BackupJobs extends Construct {
  readonly settings: BackupSettings;
  readonly sourceState: DataTerraformRemoteStateS3 | undefined;

  constructor(scope: Construct, id: string, props: BackupJobsProps) {
    super(scope, id);
    const copy = props.jobs.copy;
    let source: BackupSettings["source"] = null;
    if (copy) {
      this.sourceState = new DataTerraformRemoteStateS3(this, "source", spacesS3Settings(copy.sourceState));
      // cdktf writes the construct path of resources and data sources, not of remote states: the
      // same metadata here keeps policy findings and the readable-id check pointing at this construct.
      this.sourceState.addOverride("//", { metadata: { path: this.sourceState.node.path, uniqueId: this.sourceState.friendlyUniqueId } });
      // Before the source's first apply its state has no bucket_name: say so, not "Unsupported attribute".
      this.sourceState.addOverride("lifecycle.postcondition", [
        {
          condition: `\${can(self.outputs.${SOURCE_BUCKET_OUTPUT})}`,
          error_message: `The copy needs ${copy.from}'s ${SOURCE_BUCKET_OUTPUT} output, read from ${copy.sourceState.key} in ${copy.sourceState.bucket} (${copy.sourceState.region}): apply ${copy.from} first.`,
        },
      ]);
      const bucket = this.sourceState.getString(SOURCE_BUCKET_OUTPUT);
      const reader = new SpacesKey(this, "reader", {
        name: props.naming.name("backup-reader"),
        grant: [{ bucket, permission: "read" }],
      });
      source = { bucket, region: copy.sourceRegion, access_key: reader.accessKey, secret_key: reader.secretKey };
    } else {
      this.sourceState = undefined;
    }
    const writer = new SpacesKey(this, "writer", {
      name: props.naming.name("backup-writer"),
      grant: [{ bucket: props.destination.name, permission: "readwrite" }],
    });
    this.settings = {
      server: props.server,
      source,
      backups: { bucket: props.destination.name, region: props.destinationRegion, access_key: writer.accessKey, secret_key: writer.secretKey },
      database: props.jobs.dump ? props.database : null,
    };
  }
}
