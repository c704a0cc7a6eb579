import { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformStack, type S3BackendConfig } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { Region } from "../catalog/regions";

export interface TerraformSettingsProps {
  /**
   * `spaces`: the S3 backend on the state bucket the bootstrap stack created for this stack;
   * `local`: a state file next to the stack (the bootstrap stack: it cannot keep its state in a
   * bucket it manages).
   */
  readonly backend: { readonly kind: "spaces"; readonly bucket: string; readonly region: Region; readonly key: string } | { readonly kind: "local" };
  /** Whether the stack uses hashicorp/random (the bootstrap does not). */
  readonly random?: boolean;
}

/**
 * The S3 backend needs `endpoints.s3` and the `skip_*` flags (Terraform 1.6.3); failover mode's
 * `removed` block needs Terraform 1.7.
 */
export const MIN_TERRAFORM_VERSION = ">= 1.7.0";

/**
 * Terraform's S3 backend settings for a state object on Spaces, as DigitalOcean documents them: the
 * backend of every environment stack, and the `terraform_remote_state` that reads another stack's
 * outputs from the same bucket (it takes the backend's settings and credentials, AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY, so it needs no key the stack's own backend does not already use).
 */
export function spacesS3Settings(state: { readonly bucket: string; readonly region: Region; readonly key: string }): S3BackendConfig {
  return {
    bucket: state.bucket,
    key: state.key,
    region: "us-east-1", // required by the backend, ignored by Spaces
    endpoints: { s3: `https://${state.region}.digitaloceanspaces.com` },
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipRegionValidation: true,
    skipS3Checksum: true,
  };
}

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
    const backend = props.backend;
    if (backend.kind === "local") {
      // Relative to the directory terraform runs in (cdktf.out/stacks/<stack>/, or a hand-off
      // bundle's handoff/<preset>/<stack>/): the project root, outside cdktf.out, which every
      // synth replaces whole. cdktf's default would be an absolute path of the machine that synthesized.
      new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
    } else {
      new S3Backend(stack, spacesS3Settings(backend));
    }
    stack.addOverride("terraform.required_version", MIN_TERRAFORM_VERSION);
    new DigitaloceanProvider(this, "digitalocean", {});
    if (props.random ?? true) new RandomProvider(this, "random", {});
  }
}
