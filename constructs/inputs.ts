import { Construct } from "constructs";
import { TerraformVariable, Token, VariableType } from "cdktf";

export interface OpsInputsProps {
  /** dev may open SSH to 0.0.0.0/0; every other stack rejects a /0 at plan time. */
  readonly allowSshFromAnywhere: boolean;
  /** Whether this stack sends alerts (and so needs somewhere to send them). */
  readonly alerting: boolean;
  /** Whether the stack runs Droplets (SSH keys, admin ranges); App Platform stacks have neither. Default true. */
  readonly droplets?: boolean;
}

/**
 * What ops must supply, as Terraform variables with descriptions and validation — never baked in.
 * Logical ids are fixed (`admin_cidrs`, …) so `-var`, `TF_VAR_…` and tfvars files use plain names.
 */
export class OpsInputs extends Construct {
  // Set once, by the constructor's helpers below.
  adminCidrs: string[] = [];
  sshKeys: string[] = [];
  alertEmails: string[] = [];
  /** Empty string when no Slack webhook is configured. */
  slackWebhookUrl = "";
  slackChannel = "";

  constructor(scope: Construct, id: string, props: OpsInputsProps) {
    super(scope, id);
    if (props.droplets !== false) {
      this.adminCidrs = this.adminCidrsVariable(props.allowSshFromAnywhere);
      this.sshKeys = this.sshKeysVariable();
    }
    if (props.alerting) this.alerting();
  }

  private adminCidrsVariable(allowSshFromAnywhere: boolean): string[] {
    const noWorld = allowSshFromAnywhere
      ? []
      : [
          {
            condition: "${alltrue([for c in var.admin_cidrs : !endswith(c, \"/0\")])}",
            errorMessage: "admin_cidrs must not contain 0.0.0.0/0 or ::/0 in this environment: list your office or VPN ranges.",
          },
        ];
    return this.variable("admin_cidrs", {
      type: VariableType.list(VariableType.STRING),
      description: "CIDR ranges allowed to SSH to the Droplets (office, VPN), e.g. [\"203.0.113.4/32\"].",
      validation: [
        {
          condition: "${length(var.admin_cidrs) > 0 && alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0))])}",
          errorMessage: "admin_cidrs must be a non-empty list of CIDR ranges such as 203.0.113.4/32.",
        },
        ...noWorld,
      ],
    }).listValue;
  }

  private sshKeysVariable(): string[] {
    return this.variable("ssh_key_fingerprints", {
      type: VariableType.list(VariableType.STRING),
      description: "DigitalOcean SSH key fingerprints (or numeric key IDs) installed for the deploy user; at least one.",
      validation: [
        {
          condition:
            "${length(var.ssh_key_fingerprints) > 0 && alltrue([for k in var.ssh_key_fingerprints : can(regex(\"^([0-9a-f]{2}:){15}[0-9a-f]{2}$|^[0-9]+$\", k))])}",
          errorMessage: "ssh_key_fingerprints must list at least one MD5 fingerprint (aa:bb:…, 16 pairs) or numeric key ID.",
        },
      ],
    }).listValue;
  }

  private alerting(): void {
    this.alertEmails = this.variable("alert_emails", {
      type: VariableType.list(VariableType.STRING),
      description: "E-mail addresses that receive monitoring and uptime alerts; at least one (must be verified in DigitalOcean).",
      validation: [
        {
          condition: "${length(var.alert_emails) > 0 && alltrue([for e in var.alert_emails : can(regex(\"^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$\", e))])}",
          errorMessage: "alert_emails must list at least one e-mail address.",
        },
      ],
    }).listValue;
    this.slackWebhookUrl = this.variable("alert_slack_webhook_url", {
      type: VariableType.STRING,
      description: "Optional Slack incoming-webhook URL for alerts; empty for e-mail only.",
      default: "",
      sensitive: true,
      validation: [
        {
          condition: "${var.alert_slack_webhook_url == \"\" || startswith(var.alert_slack_webhook_url, \"https://hooks.slack.com/\")}",
          errorMessage: "alert_slack_webhook_url must be empty or a https://hooks.slack.com/… webhook URL.",
        },
      ],
    }).stringValue;
    this.slackChannel = this.variable("alert_slack_channel", {
      type: VariableType.STRING,
      description: "Slack channel named in alerts (used only with alert_slack_webhook_url).",
      default: "#ops-alerts",
    }).stringValue;
  }

  /** `[webhook]` when a Slack webhook is set, `[]` otherwise — usable as a dynamic block's for_each. */
  get slackTargets(): string[] {
    // Whether a webhook is set is not secret; the URL itself stays sensitive inside the block.
    return Token.asList('${nonsensitive(var.alert_slack_webhook_url == "" ? [] : ["slack"])}');
  }

  private variable(name: string, config: ConstructorParameters<typeof TerraformVariable>[2]): TerraformVariable {
    const v = new TerraformVariable(this, name, { nullable: false, ...config });
    v.overrideLogicalId(name);
    return v;
  }
}
