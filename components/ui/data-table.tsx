import type { HTMLAttributes, ReactNode } from "react";

const TEXT = { xs: "text-xs", sm: "text-sm" } as const;

type TableProps = Omit<HTMLAttributes<HTMLTableElement>, "className" | "children">;

/**
 * A table of records (a fetch log, the moderation log): it scrolls sideways on a narrow
 * screen and heads its columns in small mono type. Rows are <DataRow>s; other props
 * (the page's data-* markers) go on the <table>. The page passes what to show.
 */
export function DataTable({
  heads,
  headCell,
  text = "xs",
  className = "",
  children,
  ...table
}: {
  /** Column heads, in order. */
  heads: ReactNode[];
  /** Classes of every head cell: the same padding as the body's cells. */
  headCell: string;
  /** Type size of the body. */
  text?: keyof typeof TEXT;
  /** Classes of the scroll box (its margin). */
  className?: string;
  children: ReactNode;
} & TableProps) {
  return (
    <div className={`${className} overflow-x-auto`}>
      <table className={`w-full text-left ${TEXT[text]}`} {...table}>
        <thead className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
          <tr>
            {heads.map((h, i) => (
              <th key={i} scope="col" className={headCell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** One row of a DataTable, ruled off from the row above; props (data-* markers) go on the <tr>. */
export function DataRow({ children, ...row }: { children: ReactNode } & Omit<HTMLAttributes<HTMLTableRowElement>, "className" | "children">) {
  return (
    <tr className="border-t border-neutral-200 align-top dark:border-neutral-800" {...row}>
      {children}
    </tr>
  );
}
