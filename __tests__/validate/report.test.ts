/** The report: one aligned line per stack and check, tool output indented under a FAIL. */
import { combine, fail, formatResult, none, ok, skip } from "../../validate/report";

const widths = { label: 16, check: 18 };

test("an ok line with its detail in parentheses", () => {
  expect(formatResult("bizsocials/prod", "terraform plan", ok("38 to add"), widths)).toBe("bizsocials/prod   terraform plan      ok  (38 to add)\n");
  expect(formatResult("bizsocials/prod", "terraform init", ok(), widths)).toBe("bizsocials/prod   terraform init      ok\n");
});

test("a FAIL line, then the tool's output indented (blank edges, colours and trailing spaces removed)", () => {
  const text = formatResult("shop/dev", "nginx -t", fail("exit 1", "\n\x1b[31mnginx: [emerg] bad\x1b[0m  \n\nnginx: test failed\n\n"), widths);
  expect(text).toBe("shop/dev          nginx -t            FAIL  exit 1\n    nginx: [emerg] bad\n\n    nginx: test failed\n");
});

test("none and skip say why", () => {
  expect(formatResult("shop/dev", "shellcheck", none("no shell script in user_data"), widths)).toMatch(/ none {2}\(no shell script in user_data\)\n$/);
  expect(formatResult("shop/dev", "terraform plan", skip("terraform init failed"), widths)).toMatch(/ skip {2}\(terraform init failed\)\n$/);
});

describe("combine: one line for a stack's documents", () => {
  test("nothing to check", () => expect(combine([], "no nginx site in user_data")).toEqual(none("no nginx site in user_data")));
  test("all ok: each part named by its Droplets", () => {
    expect(combine([{ what: "app-1, app-2", result: ok("2 programs") }, { what: "worker-1", result: ok() }], "")).toEqual(ok("app-1, app-2: 2 programs; worker-1"));
  });
  test("one failure fails the line, with its output as is", () => {
    expect(combine([{ what: "app-1", result: ok() }, { what: "worker-1", result: fail("exit 2", "boom") }], "")).toEqual(fail("worker-1: exit 2", "boom"));
  });
  test("several failures: each output under its Droplets", () => {
    const combined = combine([{ what: "app-1", result: fail("exit 1", "a") }, { what: "worker-1", result: fail("exit 2", "b") }], "");
    expect(combined.detail).toBe("app-1: exit 1; worker-1: exit 2");
    expect(combined.output).toBe("app-1:\n    a\nworker-1:\n    b");
  });
});
