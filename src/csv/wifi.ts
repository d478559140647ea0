/**
 * The Wi-Fi provisioning entries that ESP-IDF's generator adds on its own (a quirk the
 * drop-in keeps, because the resulting image is valid and firmware may rely on it):
 *
 * - The first `sta.ssid` or `sta.pswd` row is followed by three blobs: `sta.apinfo`
 *   (140 bytes of 0xFF), `sta.pmk` (32 zero bytes) and `sta.apsw` (`00 00`).
 * - Once `ap.ssid`, `ap.passwd` and a non-`0` `ap.authmode` have all been seen, every
 *   further row of those three keys is preceded by `ap.pmk_info`: 100 zero bytes and
 *   the WPA2 PMK, PBKDF2-HMAC-SHA1(passphrase, ssid, 4096 rounds, 32 bytes).
 *
 * The reference takes these values from the CSV's value column as text, whatever the
 * row's type.
 *
 * @module
 */

import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha1 } from "@noble/hashes/legacy.js";
import type { EntryRecord, NvsRecord } from "../format/items.ts";

/** Station keys that trigger the extra station entries. */
export const STA_TRIGGER_KEYS: ReadonlySet<string> = new Set(["sta.ssid", "sta.pswd"]);

/** Soft-AP keys that feed the `ap.pmk_info` computation. */
export const AP_KEYS: ReadonlySet<string> = new Set(["ap.ssid", "ap.passwd", "ap.authmode"]);

/** The blobs added once after the first station key. */
export function stationExtras(): { key: string; value: Uint8Array }[] {
  return [
    { key: "sta.apinfo", value: new Uint8Array(140).fill(0xff) },
    { key: "sta.pmk", value: new Uint8Array(32) },
    { key: "sta.apsw", value: new Uint8Array(2) },
  ];
}

const encoder = new TextEncoder();

/** `ap.pmk_info`: 100 zero bytes then PBKDF2-HMAC-SHA1(passphrase, ssid, 4096, 32). */
export function apPmkInfo(passphrase: string, ssid: string): Uint8Array {
  const pmk = pbkdf2(sha1, encoder.encode(passphrase), encoder.encode(ssid), {
    c: 4096,
    dkLen: 32,
  });
  const out = new Uint8Array(132);
  out.set(pmk, 100);
  return out;
}

/** Tracks the soft-AP keys seen so far, as the reference does. */
export class ApState {
  private ssid?: string;
  private passphrase?: string;
  private authmode?: string;

  /**
   * Records an `ap.*` row's value and returns the `ap.pmk_info` blob to write before
   * the row, when all three keys are known.
   */
  see(key: string, value: string | undefined): Uint8Array | undefined {
    if (key === "ap.ssid") this.ssid = value;
    if (key === "ap.passwd") this.passphrase = value;
    if (key === "ap.authmode" && value !== "0") this.authmode = value;
    if (this.ssid && this.passphrase && this.authmode) {
      return apPmkInfo(this.passphrase, this.ssid);
    }
    return undefined;
  }
}

/** A record's value as the generator CSV writes it (the text the reference reads). */
function valueText(r: EntryRecord): string {
  if (r.type === "string") return r.value;
  if (r.type === "blob") {
    let s = "";
    for (const b of r.value) s += b.toString(16).padStart(2, "0");
    return s;
  }
  return String(r.value);
}

function isEntry(r: NvsRecord | undefined, key: string, value?: Uint8Array): boolean {
  if (r?.kind !== "entry" || r.key !== key || r.type !== "blob") return false;
  return value === undefined ||
    (r.value.length === value.length && r.value.every((b, i) => b === value[i]));
}

/**
 * Records as the generator writes them: the Wi-Fi entries of this module's
 * documentation added where the reference adds them for CSV rows of the same keys and
 * values. Entries already in place are not added again (records read from a CSV or from
 * an image already hold them), so the function is idempotent: the records path and the
 * CSV path give the same image.
 *
 * @param records the records, in order.
 * @returns `records` itself when nothing is added, else a new list.
 */
export function withWifiEntries(records: readonly NvsRecord[]): readonly NvsRecord[] {
  if (
    !records.some((r) => r.kind === "entry" && (AP_KEYS.has(r.key) || STA_TRIGGER_KEYS.has(r.key)))
  ) {
    return records;
  }
  const out: NvsRecord[] = [];
  const ap = new ApState();
  let stationSeen = false;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.kind === "entry" && AP_KEYS.has(r.key)) {
      const pmk = ap.see(r.key, valueText(r));
      if (pmk && !isEntry(out.at(-1), "ap.pmk_info")) {
        out.push({ kind: "entry", key: "ap.pmk_info", type: "blob", value: pmk, source: r.source });
      }
    }
    out.push(r);
    if (r.kind === "entry" && STA_TRIGGER_KEYS.has(r.key) && !stationSeen) {
      stationSeen = true;
      const extras = stationExtras();
      if (!extras.every((x, k) => isEntry(records[i + 1 + k], x.key, x.value))) {
        for (const x of extras) {
          out.push({ kind: "entry", key: x.key, type: "blob", value: x.value, source: r.source });
        }
      }
    }
  }
  return out;
}
