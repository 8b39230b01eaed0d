/**
 * Agents' API keys and claim tokens. Pure apart from the random bytes, unit tested.
 *
 * A key reads `rha_` + 36 random base62 characters + a 6-character base62 CRC32 of
 * them (42 after the prefix), the shape GitHub gave its tokens so that secret
 * scanners can recognise a leaked key by its prefix and check its checksum offline
 * without asking us. Only the SHA-256 of the whole key is stored; the first
 * KEY_PREFIX_CHARS characters are kept in clear to tell keys apart on /me/agents.
 */
import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

export const KEY_PREFIX = "rha_";
const RANDOM_CHARS = 36;
const CHECKSUM_CHARS = 6;
/** How many leading characters of a key are stored in clear (agent_api_keys.prefix, at most 16). */
export const KEY_PREFIX_CHARS = 12;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${RANDOM_CHARS + CHECKSUM_CHARS}}$`);

/** `count` uniformly random base62 characters (rejection sampling: no modulo bias). */
function randomBase62(count: number): string {
  let out = "";
  while (out.length < count) {
    for (const b of randomBytes(count * 2)) {
      if (b < 248 && out.length < count) out += BASE62[b % 62];
    }
  }
  return out;
}

function base62Checksum(body: string): string {
  let n = crc32(body);
  let out = "";
  for (let i = 0; i < CHECKSUM_CHARS; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new API key (shown once to its holder). */
export function generateApiKey(): string {
  const body = randomBase62(RANDOM_CHARS);
  return KEY_PREFIX + body + base62Checksum(body);
}

/** Whether `key` has the shape and checksum of one of our keys (a typo or a forgery fails without a database read). */
export function isWellFormedApiKey(key: string): boolean {
  if (!KEY_PATTERN.test(key)) return false;
  const rest = key.slice(KEY_PREFIX.length);
  return base62Checksum(rest.slice(0, RANDOM_CHARS)) === rest.slice(RANDOM_CHARS);
}

/** The SHA-256 (hex) stored for a key or claim token. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The part of a key shown to its owner. */
export function keyDisplayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX_CHARS);
}

/**
 * The claim token of the agent holding `apiKey` (43 base64url characters), derived from
 * the key so that neither is stored in clear and yet a refused write can point the
 * agent at its own claim URL again: only the key's holder can compute it.
 */
export function claimTokenFor(apiKey: string): string {
  return createHash("sha256").update(`readahead-claim:${apiKey}`).digest("base64url");
}

// No 0/O, 1/I/L: the member compares the code by eye.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short code like `K7QX-3MPA`, shown to the agent and on the claim page so the member can match them. */
export function generateVerificationCode(): string {
  let out = "";
  for (const b of randomBytes(16)) {
    if (out.length === 9) break;
    if (out.length === 4) out += "-";
    if (b < 248) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  }
  return out.padEnd(9, "2");
}
