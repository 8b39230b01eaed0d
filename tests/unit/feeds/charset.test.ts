import { describe, expect, it } from "vitest";
import { charsetFromContentType, cleanControlChars, decodeFeedBytes, detectCharset } from "../../../lib/feeds/charset";

const latin1 = (s: string) => Buffer.from(s, "latin1");
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]);

describe("charset detection", () => {
  it.each([
    ["text/xml; charset=ISO-8859-1", "iso-8859-1"],
    ['application/rss+xml;charset="utf-8"', "utf-8"],
    ["text/xml", null],
    [null, null],
  ])("Content-Type %j -> %j", (ct, want) => {
    expect(charsetFromContentType(ct)).toBe(want);
  });

  it.each([
    ["header wins over the declaration", latin1(`<?xml version="1.0" encoding="utf-8"?><rss>café</rss>`), "text/xml; charset=iso-8859-1", "windows-1252"],
    ["BOM when no header", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<rss/>")]), null, "utf-8"],
    ["UTF-16 BOM", utf16le("<rss/>"), null, "utf-16le"],
    ["UTF-16 without BOM", Buffer.from("<rss/>", "utf16le"), null, "utf-16le"],
    ["XML declaration", latin1(`<?xml version="1.0" encoding="windows-1251"?><rss/>`), null, "windows-1251"],
    ["unknown header label falls through to the declaration", latin1(`<?xml version="1.0" encoding="koi8-r"?><rss/>`), "text/xml; charset=bogus-charset", "koi8-r"],
    ["default UTF-8", Buffer.from("<rss/>"), null, "utf-8"],
    ["UTF-16 declared in a byte document is ignored", Buffer.from(`<?xml version="1.0" encoding="utf-16"?><rss/>`), null, "utf-8"],
  ])("%s", (_name, bytes, ct, want) => {
    expect(detectCharset(bytes, ct)).toBe(want);
  });

  it("decodes legacy encodings through ICU", () => {
    const cp1251 = Buffer.from([0x3c, 0x61, 0x3e, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x3c, 0x2f, 0x61, 0x3e]); // <a>Привет</a>
    expect(decodeFeedBytes(cp1251, "text/xml; charset=windows-1251")).toBe("<a>Привет</a>");
    expect(decodeFeedBytes(latin1("<a>café</a>"), "text/xml; charset=iso-8859-1")).toBe("<a>café</a>");
  });

  it("turns an invalid byte sequence into U+FFFD instead of failing", () => {
    expect(decodeFeedBytes(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x41, 0x3c, 0x2f, 0x61, 0x3e]).subarray(0), null)).toContain("\ufffd");
  });

  it("strips the BOM from the text", () => {
    expect(decodeFeedBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<rss/>")]))).toBe("<rss/>");
  });

  it("maps C1 controls to their cp1252 meaning and drops forbidden C0 controls", () => {
    expect(cleanControlChars("don\u0092t \u0093q\u0094 a\u0008b")).toBe("don\u2019t \u201cq\u201d ab");
  });
});
