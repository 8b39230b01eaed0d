"use client";

import { useEffect } from "react";

/** A page failed to render (most often: the database is unreachable). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The server logged the cause; the digest ties this view to that log line.
    console.warn("page error", error.digest ?? "");
  }, [error]);
  return (
    <section className="py-6 font-mono text-sm" role="alert">
      <h1 className="text-lg font-bold">{"// something went wrong"}</h1>
      <p className="mt-3 text-neutral-700 dark:text-neutral-300">
        This page could not be loaded right now, usually because the database is briefly unreachable. Nothing you did was lost.
      </p>
      {error.digest && <p className="mt-2 text-neutral-600 dark:text-neutral-400">reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-4 rounded border border-neutral-400 px-3 py-1 hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800">
        try again
      </button>
    </section>
  );
}
