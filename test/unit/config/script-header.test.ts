import { describe, expect, it } from "vitest";
import { parseScriptHeader } from "../../../config/script-header";

describe("parseScriptHeader", () => {
  it.each([
    ["no declarations", "#!/bin/bash\n# just a comment\nset -e\n", { needs: [], tokens: [], files: [], problems: [] }],
    ["needs and tokens, repeated words once", "#!/usr/bin/env bash\n# phoenix-needs: gpu nesting gpu\n# phoenix-tokens: hf_token\nset -e\n", { needs: ["gpu", "nesting"], tokens: ["hf_token"], files: [], problems: [] }],
    ["files over two lines", "#!/bin/bash\n#phoenix-files: a.sh\n#  phoenix-files:  etc/b.conf a.sh\n", { needs: [], tokens: [], files: ["a.sh", "etc/b.conf"], problems: [] }],
    ["a declaration after the first command is not read", "#!/bin/bash\nset -e\n# phoenix-needs: gpu\n", { needs: [], tokens: [], files: [], problems: [] }],
    ["blank lines inside the header are fine", "#!/bin/bash\n\n# phoenix-needs: nesting\n", { needs: ["nesting"], tokens: [], files: [], problems: [] }],
    ["unknown need, token and key are problems", "# phoenix-needs: tpu\n# phoenix-tokens: aws\n# phoenix-wants: x\n", {
      needs: [],
      tokens: [],
      files: [],
      problems: ['unknown need "tpu" (known: gpu, nesting)', 'unknown token "aws" (known: hf_token, docker_token)', 'unknown declaration "phoenix-wants" (known: phoenix-needs, phoenix-tokens, phoenix-files)'],
    }],
  ])("%s", (_name, text, expected) => {
    expect(parseScriptHeader(text)).toEqual(expected);
  });
});
