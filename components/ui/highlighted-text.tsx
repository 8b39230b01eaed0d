import { splitHighlights } from "@/lib/search/highlight";

/** Renders sentinel-marked search text with <mark> around matches, as React text (never raw HTML). */
export function HighlightedText({ marked }: { marked: string }) {
  return (
    <>
      {splitHighlights(marked).map((seg, i) =>
        seg.isMatch ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-neutral-950 dark:bg-amber-300">
            {seg.text}
          </mark>
        ) : (
          <span key={i}>{seg.text}</span>
        ),
      )}
    </>
  );
}
