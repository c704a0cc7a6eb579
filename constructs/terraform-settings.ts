import { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { StateBackendConfig } from "../config/types";

export interface TerraformSettingsProps {
  readonly state: StateBackendConfig;
  /** Object key prefix of the state files: `<prefix>/<stack>.tfstate`. */
  readonly keyPrefix: string;
  readonly stackName: string;
}

/**
 * The S3 backend needs `endpoints.s3` and the `skip_*` flags (Terraform 1.6.3); failover mode's
 * `removed` block needs Terraform 1.7.
 */
export const MIN_TERRAFORM_VERSION = ">= 1.7.0";

/**
 * State on Spaces through Terraform's S3 backend, as DigitalOcean documents it, and the providers.
 * No credential is written: the DigitalOcean token comes from DIGITALOCEAN_TOKEN, the Spaces keys
 * from SPACES_ACCESS_KEY_ID / SPACES_SECRET_ACCESS_KEY (provider) and AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY (backend).
 */
export class TerraformSettings extends Construct {
  constructor(scope: Construct, id: string, props: TerraformSettingsProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    new S3Backend(stack, {
      bucket: props.state.bucket,
      key: `${props.keyPrefix}/${props.stackName}.tfstate`,
      region: "us-east-1", // required by the backend, ignored by Spaces
      endpoints: { s3: `https://${props.state.region}.digitaloceanspaces.com` },
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: true,
      skipRegionValidation: true,
      skipS3Checksum: true,
    });
    stack.addOverride("terraform.required_version", MIN_TERRAFORM_VERSION);
    new DigitaloceanProvider(this, "digitalocean", {});
    new RandomProvider(this, "random", {});
  }
}
