import type { ReactNode } from "react";

/** A `// heading` in the reference's terminal style. */
export function SectionHeading({ id, level = 1, children }: { id?: string; level?: 1 | 2; children: ReactNode }) {
  const Tag = level === 1 ? "h1" : "h2";
  return (
    <Tag id={id} className={`font-mono font-bold ${level === 1 ? "mt-6 text-lg" : "mt-8 text-sm"}`}>
      <span className="text-emerald-800 dark:text-emerald-400" aria-hidden>
        {"// "}
      </span>
      {children}
    </Tag>
  );
}
