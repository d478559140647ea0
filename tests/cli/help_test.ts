/** Help texts: ESP-IDF's option spellings are listed, positional arguments are named. */
import { assert, assertEquals } from "../_assert.ts";
import { nvsforge, scratchDir } from "./_run.ts";

const helpOf = (dir: string, ...command: string[]) => {
  const r = nvsforge(dir, ...command, "--help");
  assertEquals(r.status, 0, r.stderr);
  return r.stdout;
};

Deno.test("help: every command lists ESP-IDF's spellings of its options", () => {
  using tmp = scratchDir();
  const hmac = [
    "--key_protect_hmac",
    "--kp_hmac_keygen",
    "--kp_hmac_keyfile",
    "--kp_hmac_inputkey",
  ];
  const expect: [string[], string[]][] = [
    [["nvs", "encrypt"], ["--inputkey", "--keygen", "--keyfile", ...hmac]],
    [["nvs", "generate-key"], ["--keyfile", ...hmac]],
    [["generate"], ["--fileid", "--inputkey", "--prefix_num", ...hmac]],
    [["generate-key"], ["--keyfile", ...hmac]],
    [["verify"], ["--fileid", "--inputkey", "--prefix_num"]],
  ];
  for (const [command, names] of expect) {
    const help = helpOf(tmp.path, ...command);
    const options = help.slice(help.indexOf("Options:"));
    for (const name of names) {
      assert(options.includes(name), `${command.join(" ")} --help lists ${name}:\n${help}`);
    }
  }
});

Deno.test("help: <input.csv>... <output.bin> <size> are named, never args", () => {
  using tmp = scratchDir();
  for (const command of [["nvs", "generate"], ["nvs", "encrypt"]]) {
    const help = helpOf(tmp.path, ...command);
    assert(!/\bargs\b/.test(help), help);
    for (const name of ["<input.csv...>", "<output.bin>", "<size>"]) {
      assert(help.includes(`\n  ${name} `), `${name} in\n${help}`);
    }
    const none = nvsforge(tmp.path, ...command);
    assertEquals(none.status, 2, none.stderr);
    assert(none.stderr.includes("missing required argument 'input.csv'"), none.stderr);
    const two = nvsforge(tmp.path, ...command, "a.csv", "a.bin");
    assertEquals(two.status, 2, two.stderr);
    assert(two.stderr.includes("missing required argument 'size'"), two.stderr);
    const one = nvsforge(tmp.path, ...command, "a.csv");
    assert(one.stderr.includes("missing required argument 'output.bin'"), one.stderr);
    assert(!/\bargs\b/.test(none.stderr + two.stderr + one.stderr));
  }
});
