import type { ReactNode } from "react";

/** A terminal-style status box for empty, error and warning states. */
export function Notice({ title, children, tone = "info" }: { title: string; children?: ReactNode; tone?: "info" | "warn" }) {
  const border = tone === "warn" ? "border-amber-600 dark:border-amber-400" : "border-neutral-300 dark:border-neutral-700";
  return (
    <div role={tone === "warn" ? "status" : undefined} className={`my-6 rounded border ${border} p-4 font-mono text-sm`}>
      <p className="font-bold">{title}</p>
      {children && <div className="mt-2 text-neutral-700 dark:text-neutral-300">{children}</div>}
    </div>
  );
}
