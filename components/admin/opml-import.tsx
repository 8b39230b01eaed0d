"use client";
import { useActionState } from "react";
import { opmlAction, type OpmlFormState } from "@/lib/admin/opml-actions";

const INITIAL: OpmlFormState = {};
const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 disabled:opacity-50 dark:border-neutral-600 dark:hover:bg-neutral-800";
const STATUS_WORD = { new: "new", present: "already present", broken: "broken" } as const;

/**
 * Upload an OPML file, see what is new, already present or broken, import the checked
 * ones. Plain forms: without JavaScript each step is a page load showing the same state.
 */
export function OpmlImport() {
  const [state, action, pending] = useActionState(opmlAction, INITIAL);
  return (
    <div className="font-mono text-xs">
      <form action={action} className="flex flex-wrap items-center gap-2" data-opml-upload>
        <input type="hidden" name="step" value="preview" />
        <label htmlFor="opml-file">OPML file (up to 1 MB; larger ones: <code>npm run -s readahead -- opml import FILE</code>)</label>
        <input id="opml-file" type="file" name="file" accept=".opml,.xml,text/xml,application/xml,text/x-opml" required />
        <button type="submit" className={BUTTON} disabled={pending} data-opml-preview-submit>preview</button>
      </form>
      {pending && <p role="status" className="mt-2" data-opml-progress>working… each chosen feed is fetched and checked, a few at a time</p>}
      {state.message && <p role="status" className="mt-2 text-amber-800 dark:text-amber-300" data-opml-message>{state.message}</p>}
      {state.preview && (
        <form action={action} className="mt-3" data-opml-import>
          <input type="hidden" name="step" value="import" />
          <p>
            {state.preview.filter((p) => p.status === "new").length} new · {state.preview.filter((p) => p.status === "present").length} already present ·{" "}
            {state.preview.filter((p) => p.status === "broken").length} broken
          </p>
          <ul className="mt-2 space-y-1" data-opml-preview>
            {state.preview.map((p, i) => (
              <li key={`${p.url}-${i}`} data-opml-item={p.status}>
                <label className="inline-flex items-start gap-2">
                  <input type="checkbox" name="url" value={p.url} defaultChecked={p.status === "new"} disabled={p.status !== "new"} />
                  <span>
                    <span className="font-bold">{STATUS_WORD[p.status]}</span> · {p.title ?? p.url} <span className="text-neutral-500">{p.url}</span>
                    {p.detail && <span className="text-neutral-500"> ({p.detail})</span>}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <button type="submit" className={`${BUTTON} mt-2`} disabled={pending} data-opml-import-submit>import checked feeds</button>
        </form>
      )}
      {state.results && (
        <ul className="mt-3 space-y-1" data-opml-results>
          {state.results.map((r) => (
            <li key={r.url} data-opml-result={r.ok ? "ok" : "failed"}>
              {r.ok ? "✓" : "✕"} {r.url}: {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
