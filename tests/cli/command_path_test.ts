import assert from "node:assert/strict";
import { commandPath } from "../../src/cli/command_path.ts";

Deno.test("commandPath: the command and its sub-command, after the root options", () => {
  assert.deepEqual(commandPath(["nvs", "generate", "a.csv", "b.bin", "0x3000"]), {
    command: "nvs",
    sub: "generate",
  });
  assert.deepEqual(
    commandPath(["--error-format", "github", "--file-root", "nvs", "inspect", "x.bin"]),
    { command: "inspect", sub: "x.bin" },
  );
  assert.deepEqual(commandPath(["--error-format=github", "verify", "--conf", "c.csv"]), {
    command: "verify",
    sub: undefined,
  });
  assert.deepEqual(commandPath(["nvs"]), { command: "nvs", sub: undefined });
  assert.deepEqual(commandPath(["nvs", "--help", "generate"]), { command: "nvs", sub: undefined });
});

Deno.test("commandPath: none for root help, the version and an empty command line", () => {
  assert.deepEqual(commandPath([]), {});
  assert.deepEqual(commandPath(["--help"]), {});
  assert.deepEqual(commandPath(["-V"]), {});
  assert.deepEqual(commandPath(["--", "nvs"]), {});
});
