/**
 * The hand-off bundle of an App Platform stack (from a fixture stack JSON): the tfvars example and
 * README speak of the `release` variable and the stack's secrets, not of Droplets, and the cost
 * table shows autoscaled components at their minimum and maximum.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { estimateStack } from "../../cost/estimate";
import { MissingExampleError } from "../../bundle/tfvars";
import { bundleFiles } from "../../bundle/write";

type J = Record<string, any>;
const text = fs.readFileSync(path.join(__dirname, "../fixtures/app-platform/stack.json"), "utf8");
const files = (t = text) => bundleFiles({ preset: "themesystem", stack: "prod", profile: "launch", text: t, sizing: undefined, cost: estimateStack(JSON.parse(t)), budgetUsd: 400, suppressed: [] });

test("terraform.tfvars.example names release and the secrets without values, and keeps the rest", () => {
  const tfvars = files().get("terraform.tfvars.example")!;
  expect(tfvars).toContain("# release: string, required");
  expect(tfvars).toContain("#   Set per apply, not here: terraform apply -var release=<tag or sha256 digest> (or TF_VAR_release).");
  expect(tfvars).toMatch(/^# release = "<tag>"$/m);
  expect(tfvars).toContain("# stripe_secret_key: string, required, sensitive");
  expect(tfvars).toContain("set TF_VAR_stripe_secret_key from your secret store");
  expect(tfvars).not.toMatch(/^stripe_secret_key =/m);
  expect(tfvars).toMatch(/^alert_emails = \[".+"\]$/m);
});

test("README: how a release reaches the app, the secrets to export, the plan with -var release; no Droplet commands", () => {
  const readme = files().get("README.md")!;
  expect(readme).toContain("## Releases (App Platform)");
  expect(readme).toContain("`digitalocean_app.app`");
  expect(readme).toContain("terraform plan -input=false -var release=<tag> -out=tfplan");
  expect(readme).toContain("doctl apps create-deployment $(terraform output -raw app_id)");
  expect(readme).toContain("export TF_VAR_stripe_secret_key=…");
  expect(readme).toMatch(/Secrets: `stripe_secret_key` is a sensitive variable without a default/);
  expect(readme).not.toMatch(/npm run deploy|ssh-user|user_data/);
  // The API service autoscales 2–4: the cost table and total show the range, the budget the maximum.
  expect(readme).toMatch(/\| App Platform service api apps-d-1vcpu-1gb, autoscaled 2–4 \| `digitalocean_app\.app` \| \$34\.00 \| 2–4 \| \$68\.00–\$136\.00 \|/);
  expect(readme).toContain("(judged at every autoscaled component's maximum)");
});

test("a required variable that is neither release nor sensitive still needs an example (bad input stays an error)", () => {
  const json = JSON.parse(text) as J;
  json.variable.region_override = { type: "string" };
  expect(() => files(JSON.stringify(json))).toThrow(MissingExampleError);
  expect(() => files(JSON.stringify(json))).toThrow(/region_override/);
});
