import type { Construct } from "constructs";
import { Aspects, TerraformOutput, TerraformStack, type TerraformElement } from "cdktf";
import type { Node } from "constructs";
import { BOOTSTRAP_STACK, type SharedPlatformConfig } from "../config/types";
import { Naming } from "../config/naming";
import { stateBucketName } from "../config/validate";
import { ReadableLogicalIds } from "../constructs/readable-ids";
import { StateBucket } from "../constructs/state-buckets";
import { TerraformSettings } from "../constructs/terraform-settings";
import { PlatformPolicy } from "../policy/aspect";
import { RULES } from "../policy/rules";

export interface BootstrapStackProps {
  readonly platform: SharedPlatformConfig;
}

/**
 * The one-time stack that creates what the environment stacks keep their state in: a bucket per
 * entry of `platform.state.buckets`, a readwrite Spaces key scoped to each (applies) and a read-only
 * one (pull requests' plans). Its own state is local (a
 * bucket cannot hold the state of the stack that manages it). Synthesized only when selected by
 * name (`PLATFORM_STACKS=bootstrap`). The same policy rules as every stack apply.
 */
export class BootstrapStack extends TerraformStack {
  readonly policy: PlatformPolicy;
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK);
    const { platform } = props;
    const state = platform.state;
    const naming = new Naming(platform.app, BOOTSTRAP_STACK);
    this.policy = new PlatformPolicy(
      { stack: BOOTSTRAP_STACK, appTag: naming.appTag, envTag: naming.envTag, production: true, budgetUsd: state.bootstrapBudgetUsd },
      RULES,
    );
    Aspects.of(this).add(this.policy);
    this.addOverride("//.platform", { app: platform.app, stack: BOOTSTRAP_STACK, budgetUsd: state.bootstrapBudgetUsd });

    new TerraformSettings(this, "terraform", { backend: { kind: "local" }, random: false });
    for (const spec of state.buckets) {
      const name = stateBucketName(state, spec);
      const bucket = new StateBucket(this, `state-${spec.id}`, { name, region: state.region, stacks: spec.stacks, noncurrentVersionDays: state.noncurrentVersionDays });
      const holds = spec.stacks.join(", ");
      const output = (id: string, value: string, description: string, sensitive: boolean) =>
        new TerraformOutput(this, id, { value, description, sensitive }).overrideLogicalId(id);
      output(`${spec.id}_state_bucket`, bucket.bucket.name, `State bucket of ${holds}`, false);
      output(`${spec.id}_state_access_key_id`, bucket.key.accessKey, `AWS_ACCESS_KEY_ID for the state of ${holds} (readwrite on ${name} only)`, false);
      output(`${spec.id}_state_secret_access_key`, bucket.key.secretKey, `AWS_SECRET_ACCESS_KEY for the state of ${holds}: terraform output -raw ${spec.id}_state_secret_access_key`, true);
      output(`${spec.id}_state_read_access_key_id`, bucket.readKey.accessKey, `AWS_ACCESS_KEY_ID for pull requests' plans of ${holds} (read on ${name} only)`, false);
      output(`${spec.id}_state_read_secret_access_key`, bucket.readKey.secretKey, `AWS_SECRET_ACCESS_KEY for pull requests' plans of ${holds}: terraform output -raw ${spec.id}_state_read_secret_access_key`, true);
    }
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(this, element);
  }
}
