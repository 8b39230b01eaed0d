// A thin event layer over htmlparser2's Tokenizer, without htmlparser2's Parser.
//
// Why: the Parser keeps its open-element stack with Array.unshift, which makes deeply nested
// input quadratic (100,000 nested <b> took 1.5 s, 200,000 over 6 s): one hostile feed could
// pin a worker. Callers here keep their own stacks with push/pop and cap their depth.
// Entities are NOT decoded here (decodeEntities: false): each caller decodes what it needs,
// and user-defined DTD entities are never expanded by anyone (there is no DTD processing).
import { Tokenizer, QuoteType } from "htmlparser2";

export interface MarkupHandler {
  /** Open tag with raw (undecoded) attribute values. */
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text (entities undecoded) or CDATA section content. */
  text(data: string, isCdata: boolean): void;
}

/** Tokenize `input` and report tags and text in document order; never throws on bad markup. */
export function scanMarkup(input: string, handler: MarkupHandler, opts: { xmlMode: boolean }): void {
  let tagName = "";
  let attrs: Record<string, string> = {};
  let attrName = "";
  let attrValue = "";
  const tokenizer = new Tokenizer(
    { xmlMode: opts.xmlMode, decodeEntities: false },
    {
      onattribdata(start, end) {
        attrValue += input.slice(start, end);
      },
      onattribentity() {
        // decodeEntities is off: never called
      },
      onattribend(_quote: QuoteType) {
        if (!Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
        attrValue = "";
      },
      onattribname(start, end) {
        attrName = input.slice(start, end);
        if (!opts.xmlMode) attrName = attrName.toLowerCase();
      },
      oncdata(start, end, offset) {
        handler.text(input.slice(start, end - offset), true);
      },
      onclosetag(start, end) {
        const name = input.slice(start, end);
        handler.close(opts.xmlMode ? name : name.toLowerCase());
      },
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onopentagend() {
        handler.open(tagName, attrs, false);
        attrs = {};
      },
      onopentagname(start, end) {
        tagName = input.slice(start, end);
        if (!opts.xmlMode) tagName = tagName.toLowerCase();
        attrs = {};
      },
      onprocessinginstruction() {},
      onselfclosingtag() {
        handler.open(tagName, attrs, true);
        handler.close(tagName);
        attrs = {};
      },
      ontext(start, end) {
        if (end > start) handler.text(input.slice(start, end), false);
      },
      ontextentity() {
        // decodeEntities is off: never called
      },
    },
  );
  tokenizer.write(input);
  tokenizer.end();
}
