"use client";
import { useActionState, useState } from "react";
import { opmlAction, type OpmlFormState } from "@/lib/admin/opml-actions";
import { OPML_TOO_LARGE_MESSAGE, OPML_UPLOAD_MAX_BYTES } from "@/lib/admin/opml-limits";

const INITIAL: OpmlFormState = {};
const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 disabled:opacity-50 dark:border-neutral-600 dark:hover:bg-neutral-800";
const STATUS_WORD = { new: "new", present: "already present", broken: "broken" } as const;

/**
 * Upload an OPML file, see what is new, already present or broken, import the checked
 * ones (the import answers with its progress page). Plain forms: without JavaScript
 * each step is a page load showing the same state.
 */
export function OpmlImport({ notice }: { notice?: string | null }) {
  const [state, action, pending] = useActionState(opmlAction, INITIAL);
  // With JavaScript an oversized file is caught before it is sent (Next would refuse the
  // body with a generic error); without it, proxy.ts turns the post back with `notice`.
  const [tooLarge, setTooLarge] = useState(false);
  return (
    <div className="font-mono text-xs">
      <form action={action} className="flex flex-wrap items-center gap-2" data-opml-upload>
        <input type="hidden" name="step" value="preview" />
        <label htmlFor="opml-file">OPML file (up to 1 MB; larger ones: <code>npm run -s readahead -- opml import FILE</code>)</label>
        <input
          id="opml-file"
          type="file"
          name="file"
          accept=".opml,.xml,text/xml,application/xml,text/x-opml"
          required
          onChange={(e) => setTooLarge((e.currentTarget.files?.[0]?.size ?? 0) > OPML_UPLOAD_MAX_BYTES)}
        />
        <button type="submit" className={BUTTON} disabled={pending || tooLarge} data-opml-preview-submit>preview</button>
      </form>
      {pending && <p role="status" className="mt-2" data-opml-pending>working…</p>}
      {(tooLarge || state.message || notice) && (
        <p role="status" className="mt-2 text-amber-800 dark:text-amber-300" data-opml-message>
          {tooLarge ? OPML_TOO_LARGE_MESSAGE : (state.message ?? notice)}
        </p>
      )}
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
    </div>
  );
}
