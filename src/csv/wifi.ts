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
