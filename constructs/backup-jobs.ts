import { Construct } from "constructs";
import { DataDigitaloceanSpacesBuckets } from "@cdktf/provider-digitalocean/lib/data-digitalocean-spaces-buckets";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import type { SpacesBucket } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import type { Naming } from "../config/naming";
import type { ResolvedBackupJobs } from "../config/types";
import type { BackupSettings } from "../runtimes/backup";
import type { DatabaseSettings } from "../runtimes/types";

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

/**
 * What the backup jobs need from Terraform: the copy's source bucket, found by name (its suffix is
 * random, so by a regular expression over the account's buckets: `digitalocean_spaces_buckets`
 * filters by `name` with `match_by = "re"` and by `region`, provider docs/data-sources/
 * spaces_buckets.md, v2.71.0), and two Spaces keys, each scoped by a grant to one bucket: `read` on
 * the source, `readwrite` on the destination (a grant names a bucket and a permission of `read`,
 * `readwrite` or `fullaccess`, docs/resources/spaces_key.md; grants update in place,
 * resource_spaces_key.go). No bucket policy: DigitalOcean refuses limited-access keys on a bucket
 * with one (docs.digitalocean.com, Spaces "How to Configure Bucket Policies").
 *
 * Nothing here is a literal secret: the keys' secrets are attributes of the key resources, handed to
 * the deploy command through the sensitive `backup_settings` output (never user_data).
 */
export class BackupJobs extends Construct {
  readonly settings: BackupSettings;
  readonly sourceLookup: DataDigitaloceanSpacesBuckets | undefined;

  constructor(scope: Construct, id: string, props: BackupJobsProps) {
    super(scope, id);
    const copy = props.jobs.copy;
    let source: BackupSettings["source"] = null;
    if (copy) {
      this.sourceLookup = new DataDigitaloceanSpacesBuckets(this, "source", {
        filter: [
          { key: "name", values: [copy.sourceBucketPattern], matchBy: "re" },
          { key: "region", values: [copy.sourceRegion] },
        ],
      });
      // Exactly one: none means the source stack is not applied yet; two would make the copy a guess.
      this.sourceLookup.addOverride("lifecycle.postcondition", [
        {
          condition: "${length(self.buckets) == 1}",
          error_message: `The copy needs exactly one bucket named like ${copy.sourceBucketPattern} in ${copy.sourceRegion} (${copy.from}'s): apply ${copy.from} first, or remove the extra bucket.`,
        },
      ]);
      const bucket = this.sourceLookup.buckets.get(0).name;
      const reader = new SpacesKey(this, "reader", {
        name: props.naming.name("backup-reader"),
        grant: [{ bucket, permission: "read" }],
      });
      source = { bucket, region: copy.sourceRegion, access_key: reader.accessKey, secret_key: reader.secretKey };
    } else {
      this.sourceLookup = undefined;
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
