import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { XTS_MAX_UNIT_BYTES, XtsCipher, xtsDecrypt, xtsEncrypt } from "../../src/crypto/xts.ts";
import { assertBytesDiffer, assertBytesEqual, hex, toHex } from "./_assert.ts";

// IEEE Std 1619-2007, Annex B, vectors 10 to 14: XTS-AES-256, 512-byte data units,
// plaintext 00 01 .. ff twice, key1 = digits of e, key2 = digits of pi. These bytes were
// checked against OpenSSL's aes-256-xts (the OpenSSL cross-check below covers any
// transcription doubt independently).
const IEEE_KEY = hex(
  "2718281828459045235360287471352662497757247093699959574966967627" +
    "3141592653589793238462643383279502884197169399375105820974944592",
);
const IEEE_PLAIN = Uint8Array.from({ length: 512 }, (_, i) => i & 0xff);
const IEEE_VECTORS: { n: number; dataUnit: number; ct: string }[] = [
  {
    n: 10,
    dataUnit: 0xff,
    ct: "1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b" +
      "5d31e276f8fe4a8d66b317f9ac683f44680a86ac35adfc3345befecb4bb188fd" +
      "5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0" +
      "c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca" +
      "2a3e7a7d7df7b10355165c8b9a6d0a7de8b062c4500dc4cd120c0f7418dae3d0" +
      "b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f" +
      "93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec" +
      "583e9645e07b8d9670655ba5bbcfecc6dc3966380ad8fecb17b6ba02469a020a" +
      "84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1" +
      "505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae" +
      "9be69a2ffeceb1bec9de244fbe15992b11b77c040f12bd8f6a975a44a0f90c29" +
      "a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac" +
      "6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f" +
      "645e8b7e9bfdef33943054ff84011493c27b3429eaedb4ed5376441a77ed4385" +
      "1ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa" +
      "773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151",
  },
  {
    n: 11,
    dataUnit: 0xffff,
    ct: "77a31251618a15e6b92d1d66dffe7b50b50bad552305ba0217a610688eff7e11" +
      "e1d0225438e093242d6db274fde801d4cae06f2092c728b2478559df58e837c2" +
      "469ee4a4fa794e4bbc7f39bc026e3cb72c33b0888f25b4acf56a2a9804f1ce6d" +
      "3d6e1dc6ca181d4b546179d55544aa7760c40d06741539c7e3cd9d2f6650b201" +
      "3fd0eeb8c2b8e3d8d240ccae2d4c98320a7442e1c8d75a42d6e6cfa4c2eca179" +
      "8d158c7aecdf82490f24bb9b38e108bcda12c3faf9a21141c3613b58367f922a" +
      "aa26cd22f23d708dae699ad7cb40a8ad0b6e2784973dcb605684c08b8d6998c6" +
      "9aac049921871ebb65301a4619ca80ecb485a31d744223ce8ddc2394828d6a80" +
      "470c092f5ba413c3378fa6054255c6f9df4495862bbb3287681f931b687c888a" +
      "bf844dfc8fc28331e579928cd12bd2390ae123cf03818d14dedde5c0c24c8ab0" +
      "18bfca75ca096f2d531f3d1619e785f1ada437cab92e980558b3dce1474afb75" +
      "bfedbf8ff54cb2618e0244c9ac0d3c66fb51598cd2db11f9be39791abe447c63" +
      "094f7c453b7ff87cb5bb36b7c79efb0872d17058b83b15ab0866ad8a58656c5a" +
      "7e20dbdf308b2461d97c0ec0024a2715055249cf3b478ddd4740de654f75ca68" +
      "6e0d7345c69ed50cdc2a8b332b1f8824108ac937eb050585608ee734097fc090" +
      "54fbff89eeaeea791f4a7ab1f9868294a4f9e27b42af8100cb9d59cef9645803",
  },
  {
    n: 12,
    dataUnit: 0xffffff,
    ct: "e387aaa58ba483afa7e8eb469778317ecf4cf573aa9d4eac23f2cdf914e4e200" +
      "a8b490e42ee646802dc6ee2b471b278195d60918ececb44bf79966f83faba049" +
      "9298ebc699c0c8634715a320bb4f075d622e74c8c932004f25b41e361025b5a8" +
      "7815391f6108fc4afa6a05d9303c6ba68a128a55705d415985832fdeaae6c8e1" +
      "9110e84d1b1f199a2692119edc96132658f09da7c623efcec712537a3d94c0bf" +
      "5d7e352ec94ae5797fdb377dc1551150721adf15bd26a8efc2fcaad56881fa9e" +
      "62462c28f30ae1ceaca93c345cf243b73f542e2074a705bd2643bb9f7cc79bb6" +
      "e7091ea6e232df0f9ad0d6cf502327876d82207abf2115cdacf6d5a48f6c1879" +
      "a65b115f0f8b3cb3c59d15dd8c769bc014795a1837f3901b5845eb491adfefe0" +
      "97b1fa30a12fc1f65ba22905031539971a10f2f36c321bb51331cdefb39e3964" +
      "c7ef079994f5b69b2edd83a71ef549971ee93f44eac3938fcdd61d01fa71799d" +
      "a3a8091c4c48aa9ed263ff0749df95d44fef6a0bb578ec69456aa5408ae32c7a" +
      "f08ad7ba8921287e3bbee31b767be06a0e705c864a769137df28292283ea81a2" +
      "480241b44d9921cdbec1bc28dc1fda114bd8e5217ac9d8ebafa720e9da4f9ace" +
      "231cc949e5b96fe76ffc21063fddc83a6b8679c00d35e09576a875305bed5f36" +
      "ed242c8900dd1fa965bc950dfce09b132263a1eef52dd6888c309f5a7d712826",
  },
  {
    n: 13,
    dataUnit: 0xffffffff,
    ct: "bf53d2dade78e822a4d949a9bc6766b01b06a8ef70d26748c6a7fc36d80ae4c5" +
      "520f7c4ab0ac8544424fa405162fef5a6b7f229498063618d39f0003cb5fb8d1" +
      "c86b643497da1ff945c8d3bedeca4f479702a7a735f043ddb1d6aaade3c4a0ac" +
      "7ca7f3fa5279bef56f82cd7a2f38672e824814e10700300a055e1630b8f1cb0e" +
      "919f5e942010a416e2bf48cb46993d3cb6a51c19bacf864785a00bc2ecff15d3" +
      "50875b246ed53e68be6f55bd7e05cfc2b2ed6432198a6444b6d8c247fab941f5" +
      "69768b5c429366f1d3f00f0345b96123d56204c01c63b22ce78baf116e525ed9" +
      "0fdea39fa469494d3866c31e05f295ff21fea8d4e6e13d67e47ce722e9698a1c" +
      "1048d68ebcde76b86fcf976eab8aa9790268b7068e017a8b9b749409514f1053" +
      "027fd16c3786ea1bac5f15cb79711ee2abe82f5cf8b13ae73030ef5b9e4457e7" +
      "5d1304f988d62dd6fc4b94ed38ba831da4b7634971b6cd8ec325d9c61c00f1df" +
      "73627ed3745a5e8489f3a95c69639c32cd6e1d537a85f75cc844726e8a72fc00" +
      "77ad22000f1d5078f6b866318c668f1ad03d5a5fced5219f2eabbd0aa5c0f460" +
      "d183f04404a0d6f469558e81fab24a167905ab4c7878502ad3e38fdbe62a4155" +
      "6cec37325759533ce8f25f367c87bb5578d667ae93f9e2fd99bcbc5f2fbba88c" +
      "f6516139420fcff3b7361d86322c4bd84c82f335abb152c4a93411373aaa8220",
  },
  {
    n: 14,
    dataUnit: 0xffffffffff,
    ct: "64497e5a831e4a932c09be3e5393376daa599548b816031d224bbf50a818ed23" +
      "50eae7e96087c8a0db51ad290bd00c1ac1620857635bf246c176ab463be30b80" +
      "8da548081ac847b158e1264be25bb0910bbc92647108089415d45fab1b3d2604" +
      "e8a8eff1ae4020cfa39936b66827b23f371b92200be90251e6d73c5f86de5fd4" +
      "a950781933d79a28272b782a2ec313efdfcc0628f43d744c2dc2ff3dcb66999b" +
      "50c7ca895b0c64791eeaa5f29499fb1c026f84ce5b5c72ba1083cddb5ce45434" +
      "631665c333b60b11593fb253c5179a2c8db813782a004856a1653011e93fb6d8" +
      "76c18366dd8683f53412c0c180f9c848592d593f8609ca736317d356e13e2bff" +
      "3a9f59cd9aeb19cd482593d8c46128bb32423b37a9adfb482b99453fbe25a41b" +
      "f6feb4aa0bef5ed24bf73c762978025482c13115e4015aac992e5613a3b5c2f6" +
      "85b84795cb6e9b2656d8c88157e52c42f978d8634c43d06fea928f2822e465aa" +
      "6576e9bf419384506cc3ce3c54ac1a6f67dc66f3b30191e698380bc999b05abc" +
      "e19dc0c6dcc2dd001ec535ba18deb2df1a101023108318c75dc98611a09dc48a" +
      "0acdec676fabdf222f07e026f059b672b56e5cbc8e1d21bbd867dd9272120546" +
      "81d70ea737134cdfce93b6f82ae22423274e58a0821cc5502e2d0ab4585e94de" +
      "6975be5e0b4efce51cd3e70c25a1fbbbd609d273ad5b0d59631c531f6a0a57b9",
  },
];

/** A 16-byte little-endian tweak from a non-negative safe integer. */
function tweakBytes(n: number): Uint8Array {
  const t = new Uint8Array(16);
  const v = new DataView(t.buffer);
  v.setUint32(0, n % 0x1_0000_0000, true);
  v.setUint32(4, Math.floor(n / 0x1_0000_0000), true);
  return t;
}

/** Random 64-byte key whose halves differ (OpenSSL refuses equal halves). */
function randomKey(): Uint8Array {
  for (;;) {
    const k = crypto.getRandomValues(new Uint8Array(64));
    if (toHex(k.subarray(0, 32)) !== toHex(k.subarray(32))) return k;
  }
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

Deno.test("IEEE 1619-2007 vectors 10-14 (XTS-AES-256, 512-byte units): xtsEncrypt/xtsDecrypt", () => {
  for (const v of IEEE_VECTORS) {
    const tweak = tweakBytes(v.dataUnit);
    const ct = hex(v.ct);
    assertBytesEqual(xtsEncrypt(IEEE_KEY, tweak, IEEE_PLAIN), ct, `vector ${v.n} encrypt`);
    assertBytesEqual(xtsDecrypt(IEEE_KEY, tweak, ct), IEEE_PLAIN, `vector ${v.n} decrypt`);
  }
});

Deno.test("IEEE 1619-2007 vectors 10-14 through the batch API (one call, 5 units)", () => {
  const cipher = new XtsCipher(IEEE_KEY);
  // All five units in one buffer, at offsets that are not their tweaks.
  const buf = new Uint8Array(1 + 5 * 512 + 7);
  const offsets = IEEE_VECTORS.map((_, i) => 1 + i * 512);
  for (const off of offsets) buf.set(IEEE_PLAIN, off);
  const tweaks = IEEE_VECTORS.map((v) => v.dataUnit);
  cipher.encryptUnits(buf, offsets, tweaks, 512);
  IEEE_VECTORS.forEach((v, i) => {
    assertBytesEqual(buf.subarray(offsets[i], offsets[i] + 512), hex(v.ct), `vector ${v.n}`);
  });
  assert.equal(buf[0], 0);
  assert.equal(buf[buf.length - 1], 0);
  cipher.decryptUnits(buf, offsets, tweaks, 512);
  for (const off of offsets) assertBytesEqual(buf.subarray(off, off + 512), IEEE_PLAIN);
});

interface OpensslCase {
  op: "encrypt" | "decrypt";
  key: string;
  iv: string;
  data: string;
}

/** Runs the cases through OpenSSL's aes-256-xts in a Node child process. */
function openssl(cases: OpensslCase[]): Uint8Array[] {
  const script = fileURLToPath(new URL("./_openssl_xts.mjs", import.meta.url));
  const r = spawnSync("node", [script], {
    input: JSON.stringify(cases),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`could not run node for the OpenSSL cross-check: ${r.error}`);
  if (r.status !== 0) throw new Error(`node ${script} failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as string[];
  assert.equal(out.length, cases.length);
  return out.map(hex);
}

Deno.test("cross-check with OpenSSL aes-256-xts (node:crypto in Node), both directions", () => {
  type Case = { key: Uint8Array; tweak: Uint8Array; data: Uint8Array };
  const cases: Case[] = [];
  // Every length that is a multiple of 16 from 16 to 4096, random keys and full 128-bit
  // random tweaks.
  for (let len = 16; len <= 4096; len += 16) {
    cases.push({ key: randomKey(), tweak: randomBytes(16), data: randomBytes(len) });
  }
  // NVS-like units: 32-byte entries, tweak = page * 4096 + 64 + entry * 32.
  for (const page of [0, 1, 2, 255, 4095, 0x10000, 0x7ffff]) {
    for (const entry of [0, 1, 62, 125]) {
      cases.push({
        key: randomKey(),
        tweak: tweakBytes(page * 4096 + 64 + entry * 32),
        data: randomBytes(32),
      });
    }
  }
  // Tweaks with the top bits set (exercise the carries of the alpha multiplication).
  for (const t of ["ffffffffffffffffffffffffffffffff", "00000000000000000000000000000080"]) {
    cases.push({ key: randomKey(), tweak: hex(t), data: randomBytes(4096) });
  }
  const enc = openssl(cases.map((c) => ({
    op: "encrypt",
    key: toHex(c.key),
    iv: toHex(c.tweak),
    data: toHex(c.data),
  })));
  const dec = openssl(cases.map((c) => ({
    op: "decrypt",
    key: toHex(c.key),
    iv: toHex(c.tweak),
    data: toHex(c.data),
  })));
  cases.forEach((c, i) => {
    const what = `case ${i} (${c.data.length} bytes, tweak ${toHex(c.tweak)})`;
    assertBytesEqual(xtsEncrypt(c.key, c.tweak, c.data), enc[i], `${what} encrypt`);
    assertBytesEqual(xtsDecrypt(c.key, c.tweak, c.data), dec[i], `${what} decrypt`);
    assertBytesEqual(xtsDecrypt(c.key, c.tweak, enc[i]), c.data, `${what} round trip`);
  });
});

Deno.test("cross-check with OpenSSL: a page of NVS entries through the batch API", () => {
  const key = randomKey();
  const cipher = new XtsCipher(key);
  const image = randomBytes(3 * 4096);
  // Entries of pages 0 and 2, with gaps (several runs), page 1 untouched.
  const offsets: number[] = [];
  for (const page of [0, 2]) {
    for (let e = 0; e < 126; e++) if (e % 7 !== 3) offsets.push(page * 4096 + 64 + e * 32);
  }
  const plain = image.slice();
  cipher.encryptUnits(image, offsets);
  const expected = openssl(offsets.map((off) => ({
    op: "encrypt",
    key: toHex(key),
    iv: toHex(tweakBytes(off)),
    data: toHex(plain.subarray(off, off + 32)),
  })));
  const touched = new Set(offsets);
  offsets.forEach((off, i) => {
    assertBytesEqual(image.subarray(off, off + 32), expected[i], `entry at ${off}`);
  });
  for (let off = 0; off < image.length; off += 32) {
    if (!touched.has(off)) {
      assertBytesEqual(image.subarray(off, off + 32), plain.subarray(off, off + 32), `${off}`);
    }
  }
  cipher.decryptUnits(image, offsets);
  assertBytesEqual(image, plain, "decrypted image");
});

Deno.test("batch API equals one call per unit, on unaligned buffers and in any order", () => {
  const key = randomKey();
  const cipher = new XtsCipher(key);
  const backing = randomBytes(4096 + 3);
  const buf = backing.subarray(3); // byteOffset 3: not 4-byte aligned
  const offsets = [992, 64, 96, 128, 3000, 3032, 7, 4064];
  const tweaks = [5, 0, 2 ** 53 - 1, 1, 2 ** 32, 2 ** 32 - 1, 64, 123456789];
  const plain = buf.slice();
  cipher.encryptUnits(buf, offsets, tweaks);
  offsets.forEach((off, i) => {
    const one = xtsEncrypt(key, tweakBytes(tweaks[i]), plain.subarray(off, off + 32));
    assertBytesEqual(buf.subarray(off, off + 32), one, `unit at ${off}`);
  });
  cipher.decryptUnits(buf, offsets, tweaks);
  assertBytesEqual(buf, plain);
  // The cipher object is reusable: same result again.
  cipher.encryptUnits(buf, offsets, tweaks);
  const again = plain.slice();
  new XtsCipher(key).encryptUnits(again, offsets, tweaks);
  assertBytesEqual(buf, again);
});

Deno.test("batch API: units where they lie (aligned) and gathered (unaligned) agree", () => {
  const key = randomKey();
  const plain = randomBytes(4096 + 8);
  // Offsets on 4-byte boundaries (in place when the buffer is aligned), one that is not.
  const sets = [[64, 96, 128, 4000], [4, 36, 68, 1000], [64, 97, 3000]];
  for (const offsets of sets) {
    const expected = offsets.map((off) =>
      xtsEncrypt(key, tweakBytes(off), plain.subarray(off, off + 32))
    );
    const cipher = new XtsCipher(key);
    for (let shift = 0; shift < 4; shift++) {
      const backing = new Uint8Array(plain.length + 4);
      const buf = backing.subarray(shift, shift + plain.length);
      buf.set(plain);
      cipher.encryptUnits(buf, offsets);
      offsets.forEach((off, i) => {
        assertBytesEqual(buf.subarray(off, off + 32), expected[i], `shift ${shift}, ${off}`);
      });
      cipher.decryptUnits(buf, offsets);
      assertBytesEqual(buf, plain, `shift ${shift}, round trip`);
    }
  }
});

Deno.test("a tweak cache keyed by unit number: another unit size or tweak is not confused", () => {
  const key = randomKey();
  const plain = randomBytes(8192);
  const plainCipher = new XtsCipher(key);
  const cached = new XtsCipher(key, { cachedTweaks: 64 });
  // Unit size 32 fills the cache; unit size 64 with tweaks that are its units 0..n must
  // not reuse them (tweak 64 is unit 2 of size 32 but unit 1 of size 64).
  const runs: [number[], number[], number][] = [
    [[0, 32, 64, 96], [0, 32, 64, 96], 32],
    [[0, 64, 128], [0, 64, 128], 64],
    [[0, 32, 64, 96], [0, 32, 64, 96], 32],
    // Tweaks that are no multiple of the unit size, and beyond the cache's units.
    [[256, 288, 320], [7, 2 ** 40, 64 * 32 + 32], 32],
  ];
  for (const [offsets, tweaks, unitSize] of runs) {
    const a = plain.slice(), b = plain.slice();
    plainCipher.encryptUnits(a, offsets, tweaks, unitSize);
    cached.encryptUnits(b, offsets, tweaks, unitSize);
    assertBytesEqual(b, a, `units of ${unitSize}, tweaks ${tweaks}`);
    cached.decryptUnits(b, offsets, tweaks, unitSize);
    assertBytesEqual(b, plain, `round trip, units of ${unitSize}`);
  }
});

Deno.test("a tweak cache changes no byte: cached, partly cached and uncached calls agree", () => {
  const key = randomKey();
  const plain = randomBytes(4096);
  const expected = plain.slice();
  const offsets = Array.from({ length: 100 }, (_, i) => i * 32);
  new XtsCipher(key).encryptUnits(expected, offsets);
  // A cache of 40 tweaks: the first call fills it, later ones mix cached and new tweaks.
  const cached = new XtsCipher(key, { cachedTweaks: 40 });
  for (const order of [offsets, [...offsets].reverse(), offsets.filter((o) => o % 64 === 0)]) {
    const buf = plain.slice();
    cached.encryptUnits(buf, order);
    for (const off of order) {
      assertBytesEqual(buf.subarray(off, off + 32), expected.subarray(off, off + 32), `${off}`);
    }
    cached.decryptUnits(buf, order);
    assertBytesEqual(buf, plain);
  }
  cached.destroy();
  assert.throws(() => cached.encryptUnits(plain.slice(), [0]), TypeError);
});

Deno.test("property: decrypt(encrypt(x)) == x and encryption changes x", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.integer({ min: 1, max: 64 }).chain((blocks) =>
        fc.uint8Array({ minLength: blocks * 16, maxLength: blocks * 16 })
      ),
      (key, tweak, data) => {
        const ct = xtsEncrypt(key, tweak, data);
        assertBytesDiffer(ct, data, "ciphertext");
        assertBytesEqual(xtsDecrypt(key, tweak, ct), data);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("the tweak matters: neighbouring tweaks give unrelated ciphertexts", () => {
  const key = randomKey();
  const data = new Uint8Array(32);
  const a = xtsEncrypt(key, tweakBytes(64), data);
  const b = xtsEncrypt(key, tweakBytes(96), data);
  assertBytesDiffer(a, b);
  assertBytesDiffer(a.subarray(0, 16), a.subarray(16), "the two blocks of one unit");
});

Deno.test("rejects lengths that need ciphertext stealing, bad keys and tweaks", () => {
  const key = randomKey();
  const t = new Uint8Array(16);
  for (const len of [0, 1, 15, 17, 31, 33, 4095]) {
    assert.throws(() => xtsEncrypt(key, t, new Uint8Array(len)), RangeError, `length ${len}`);
    assert.throws(() => xtsDecrypt(key, t, new Uint8Array(len)), RangeError, `length ${len}`);
  }
  assert.throws(() => xtsEncrypt(key, t, new Uint8Array(XTS_MAX_UNIT_BYTES + 16)), RangeError);
  assert.throws(() => xtsEncrypt(key.subarray(0, 32), t, new Uint8Array(16)), RangeError);
  assert.throws(() => xtsEncrypt(new Uint8Array(65), t, new Uint8Array(16)), RangeError);
  assert.throws(() => xtsEncrypt(key, new Uint8Array(15), new Uint8Array(16)), RangeError);
  const c = new XtsCipher(key);
  const buf = new Uint8Array(128);
  assert.throws(() => c.encryptUnits(buf, [0], [-1]), RangeError);
  assert.throws(() => c.encryptUnits(buf, [0], [1.5]), RangeError);
  assert.throws(() => c.encryptUnits(buf, [0], [2 ** 53]), RangeError);
  assert.throws(() => c.encryptUnits(buf, [97]), RangeError);
  assert.throws(() => c.encryptUnits(buf, [-32]), RangeError);
  assert.throws(() => c.encryptUnits(buf, [0, 32], [0]), RangeError);
  assert.throws(() => c.encryptUnits(buf, [0], [0], 24), RangeError);
  assertBytesEqual(buf, new Uint8Array(128), "buffer untouched by rejected calls");
  c.encryptUnits(buf, []); // nothing to do
  c.destroy();
  assert.throws(() => c.encryptUnits(buf, [0]), TypeError);
});
