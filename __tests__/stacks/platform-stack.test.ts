import { STACK_NAMES } from "../../config/types";
import { ALL, synthText } from "../helpers";
import { synthFresh } from "../synth-fresh";

describe("platform stack", () => {
  it.each(ALL)("%s (%s profile) matches its snapshot", (stack, profile) => {
    expect(synthText(stack, profile)).toMatchSnapshot();
  });

  it.each(STACK_NAMES)("%s synthesizes byte-identical JSON twice, with no timestamps or random values", (stack) => {
    const again = synthFresh(stack);
    expect(again).toBe(synthText(stack));
    // Random suffixes are Terraform references resolved at apply time, never literal values.
    expect(again).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
    expect(again).toContain("${random_id.");
  });
});
