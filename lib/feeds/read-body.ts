/**
 * Reads an HTTP response body through its Content-Encoding decoders with a cap on
 * the DECODED size, so a gzip/brotli bomb or an endless body ends after at most
 * `maxBytes` (plus one decoder chunk) of memory, however small the wire bytes are.
 */
import type { IncomingMessage } from "node:http";
import { Transform, Writable, pipeline, type TransformCallback } from "node:stream";
import zlib from "node:zlib";

/** A fetch failure with a machine-readable code; fetch.ts turns it into a FetchResult. */
export class FetchFailure extends Error {
  constructor(
    readonly kind: "refused" | "network_error",
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The most Content-Encoding layers we decode. Real servers send one (rarely two, e.g. a
 * proxy gzipping an already-deflated body); each layer is another decompressor running over
 * the body, so a longer list is refused as that source's error instead of decoded.
 */
export const MAX_CONTENT_CODINGS = 2;

/** The codings we decode, outermost last as in the header (RFC 9110 §8.4). */
export function parseContentEncoding(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "" && s !== "identity");
}

function createDecoder(coding: string): Transform {
  // Lenient flush: servers that cut a compressed stream short still yield what
  // arrived, as browsers do; the parser then reports a truncated document.
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case "br":
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    case "deflate":
      return new AutoInflate();
    default:
      throw new FetchFailure("network_error", "decode", `unsupported Content-Encoding "${coding}"`);
  }
}

/**
 * "deflate" means zlib-wrapped data by the spec, but some servers send raw
 * deflate; the first two bytes tell them apart (RFC 1950 header checksum).
 */
class AutoInflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.inner) {
      const b0 = chunk[0] ?? 0;
      const b1 = chunk[1] ?? 0;
      const isZlib = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      const opts = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
      const inner = isZlib ? zlib.createInflate(opts) : zlib.createInflateRaw(opts);
      inner.on("data", (d: Buffer) => {
        if (!this.push(d)) inner.pause();
      });
      inner.on("error", (e) => this.destroy(e));
      this.inner = inner;
    }
    this.inner.write(chunk, () => done());
  }

  override _read(size: number): void {
    this.inner?.resume();
    super._read(size);
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) return done();
    this.inner.once("end", () => done());
    this.inner.end();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    this.inner?.destroy();
    cb(err);
  }
}

/** Collects decoded bytes and fails as soon as they pass the cap. */
class CappedSink extends Writable {
  readonly chunks: Buffer[] = [];
  size = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(
        new FetchFailure(
          "network_error",
          "too_large",
          `response body is larger than the ${this.maxBytes}-byte limit (counted after decompression)`,
        ),
      );
      return;
    }
    this.chunks.push(chunk);
    done();
  }
}

/** Reads, decodes and caps a response body; rejects with FetchFailure or the stream's error. */
export function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const codings = parseContentEncoding(res.headers["content-encoding"]);
  const declared = Number(res.headers["content-length"]);
  if (codings.length === 0 && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(
      new FetchFailure(
        "network_error",
        "too_large",
        `response body is larger than the ${maxBytes}-byte limit (Content-Length: ${declared})`,
      ),
    );
  }
  if (codings.length > MAX_CONTENT_CODINGS) {
    res.destroy();
    return Promise.reject(
      new FetchFailure(
        "network_error",
        "decode",
        `too many Content-Encoding layers (${codings.length}; at most ${MAX_CONTENT_CODINGS}): ${codings.join(", ").slice(0, 200)}`,
      ),
    );
  }
  let decoders: Transform[];
  try {
    decoders = [...codings].reverse().map(createDecoder);
  } catch (e) {
    res.destroy();
    return Promise.reject(e);
  }
  const sink = new CappedSink(maxBytes);
  let decodeFailed = false;
  for (const d of decoders) d.once("error", () => (decodeFailed = true));
  return new Promise((resolve, reject) => {
    pipeline([res, ...decoders, sink], (err) => {
      if (err) {
        if (err instanceof FetchFailure) return reject(err);
        if (decodeFailed) {
          return reject(new FetchFailure("network_error", "decode", `could not decode the ${codings.join(", ")} body: ${err.message}`));
        }
        return reject(err);
      }
      resolve(Buffer.concat(sink.chunks, sink.size));
    });
  });
}
