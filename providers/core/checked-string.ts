// Every name rule is a plain function returning the reason a value is unusable (or undefined),
// so config and providers share it with or without zod; this turns one into a zod schema.
import { z } from "zod";

/** A string schema that fails with `problem(value)` whenever that returns a message. */
export function checkedString(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: "custom", message });
  });
}
