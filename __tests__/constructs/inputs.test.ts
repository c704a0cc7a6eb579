import { STACK_NAMES } from "../../config/types";
import { synthJson } from "../helpers";

type Validation = { condition: string; error_message: string };

describe.each(STACK_NAMES)("ops inputs of %s", (stack) => {
  const vars = synthJson(stack).variable!;

  it("asks for admin CIDRs and SSH keys, with descriptions and validation", () => {
    for (const name of ["admin_cidrs", "ssh_key_fingerprints"]) {
      expect(vars[name]).toMatchObject({ type: "list(string)", nullable: false });
      expect(String(vars[name]!.description).length).toBeGreaterThan(20);
      const validations = vars[name]!.validation as Validation[];
      expect(validations[0]!.condition).toContain(`length(var.${name}) > 0`);
    }
  });

  it(stack === "dev" ? "lets dev open SSH to the world" : "rejects 0.0.0.0/0 and ::/0 for SSH", () => {
    const conditions = (vars.admin_cidrs!.validation as Validation[]).map((v) => v.condition);
    expect(conditions.some((c) => c.includes('!endswith(c, "/0")'))).toBe(stack !== "dev");
  });

  it("asks for alert e-mails and an optional, sensitive Slack webhook only where it alerts", () => {
    const alerting = stack !== "dev";
    expect(vars.alert_emails !== undefined).toBe(alerting);
    if (alerting) {
      expect(vars.alert_slack_webhook_url).toMatchObject({ sensitive: true, default: "" });
      expect((vars.alert_emails!.validation as Validation[])[0]!.condition).toContain("length(var.alert_emails) > 0");
    }
  });

  it("has no default for what ops must decide", () => {
    for (const name of ["admin_cidrs", "ssh_key_fingerprints", "alert_emails"]) {
      if (vars[name]) expect(vars[name]).not.toHaveProperty("default");
    }
  });
});
