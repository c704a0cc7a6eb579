import { Construct } from "constructs";
import { Cdn } from "@cdktf/provider-digitalocean/lib/cdn";
import { SpacesBucket, type SpacesBucketLifecycleRule } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import { SpacesBucketCorsConfiguration } from "@cdktf/provider-digitalocean/lib/spaces-bucket-cors-configuration";
import { Id } from "@cdktf/provider-random/lib/id";
import type { BucketSpec } from "../config/types";
import { LetsEncryptCertificate } from "./certificate";
import { renameTracker, replaceOnRename } from "./terraform-data";
import type { DnsZone } from "./dns-zone";
import type { Naming } from "../config/naming";
import type { InfraSettings } from "../runtimes/types";

export interface StorageProps {
  readonly naming: Naming;
  readonly region: string;
  readonly bucket: BucketSpec;
  /** Origins allowed by CORS: `https://<each>` (the app's hostname, the frontend's names). */
  readonly origins: readonly string[];
  readonly tempObjectExpiryDays: number;
  /** Spaces CDN on `hostname` (the "cdn" public name) with a Let's Encrypt certificate, in `zone`; undefined: no CDN. */
  readonly cdn: { readonly zone: DnsZone; readonly hostname: string } | undefined;
  readonly protect: boolean;
  /** Database dumps under `prefix`, deleted after `retentionDays` (backup jobs). */
  readonly dumps?: { readonly prefix: string; readonly retentionDays: number };
}

/**
 * A private Spaces bucket (`<app>-<stack>-<purpose>-<random>`: bucket names are global), CORS for
 * the app origin, `temp/` expiry, versioning with expiry of old versions where configured, and
 * optionally the Spaces CDN on a custom subdomain.
 */
export class Storage extends Construct {
  readonly bucket: SpacesBucket;
  readonly cdn: Cdn | undefined;
  readonly cdnHostname: string | undefined;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.region = props.region;
    const suffix = new Id(this, "suffix", { byteLength: 3 });
    const lifecycleRule: SpacesBucketLifecycleRule[] = [
      { id: "expire-temp", enabled: true, prefix: "temp/", expiration: { days: props.tempObjectExpiryDays } },
      // A rule needs no expiration (the provider's acceptance test digitalocean/spaces/
      // resource_spaces_bucket_test.go, testAccDigitalOceanSpacesBucketConfigWithLifecycle, has a rule
      // with only abort_incomplete_multipart_upload_days). This one also removes delete markers left
      // with no version behind them once old versions expire.
      { id: "cleanup", enabled: true, abortIncompleteMultipartUploadDays: 7, expiration: { expiredObjectDeleteMarker: true } },
    ];
    if (props.bucket.versioning && props.bucket.noncurrentVersionExpiryDays !== undefined) {
      lifecycleRule.push({
        id: "expire-old-versions",
        enabled: true,
        noncurrentVersionExpiration: { days: props.bucket.noncurrentVersionExpiryDays },
      });
    }
    if (props.dumps) {
      // A dump is deleted `retentionDays` after it was written, and its old version a day later. The
      // bucket-wide rule above keeps old versions longer; where rules overlap, the S3 lifecycle API
      // Spaces implements honours the shorter expiration (AWS S3 user guide, "How Amazon S3 handles
      // conflicts in lifecycle configurations"). Should Spaces not, a dump lingers as an old version
      // for the bucket's retention: longer, never shorter.
      lifecycleRule.push({
        id: "expire-dumps",
        enabled: true,
        prefix: props.dumps.prefix,
        expiration: { days: props.dumps.retentionDays },
        noncurrentVersionExpiration: { days: 1 },
      });
    }
    // The provider reads the rules back in the API's order; sorted by id, a second plan shows no diff.
    lifecycleRule.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const name = `${props.naming.name(props.bucket.purpose)}-${suffix.hex}`;
    this.bucket = new SpacesBucket(this, "bucket", {
      name,
      region: props.region,
      acl: "private",
      forceDestroy: false,
      versioning: { enabled: props.bucket.versioning },
      lifecycleRule,
      lifecycle: { preventDestroy: props.protect },
    });
    replaceOnRename(this.bucket, renameTracker(this, "name", name));
    new SpacesBucketCorsConfiguration(this, "cors", {
      bucket: this.bucket.name,
      region: props.region,
      corsRule: [
        {
          allowedOrigins: props.origins.map((o) => `https://${o}`),
          allowedMethods: ["GET", "HEAD", "PUT"],
          allowedHeaders: ["*"],
          maxAgeSeconds: 3000,
        },
      ],
    });

    if (!props.cdn) {
      this.cdn = undefined;
      this.cdnHostname = undefined;
      return;
    }
    const zone = props.cdn.zone;
    this.cdnHostname = props.cdn.hostname;
    const certificate = new LetsEncryptCertificate(this, "cdn-certificate", {
      namePrefix: props.naming.name("cdn-cert"),
      domains: [zone.fqdn(this.cdnHostname)],
    });
    // The CNAME exists before the CDN (as in the provider's own tests), or DigitalOcean creates
    // one itself and ours collides with it. Its target is the CDN endpoint the bucket will get.
    const cname = zone.record(
      this,
      "cdn-record",
      this.cdnHostname,
      "CNAME",
      `${this.bucket.name}.${props.region}.cdn.digitaloceanspaces.com.`,
    );
    this.cdn = new Cdn(this, "cdn", {
      origin: this.bucket.bucketDomainName,
      customDomain: this.cdnHostname,
      certificateName: certificate.name,
      ttl: 3600,
      dependsOn: [cname],
    });
  }

  /** What the app's storage layer needs (its access key comes from the deployer). */
  get settings(): NonNullable<InfraSettings["bucket"]> {
    return {
      name: this.bucket.name,
      region: this.region,
      endpoint: `https://${this.region}.digitaloceanspaces.com`,
      cdn_url: this.cdnHostname ? `https://${this.cdnHostname}` : null,
    };
  }
}
