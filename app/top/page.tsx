import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ListView, readAfter } from "@/components/articles/list-view";
import { Notice } from "@/components/ui/notice";
import { SectionHeading } from "@/components/ui/section-heading";
import { cachedTopArticles } from "@/lib/articles/cached";
import type { TopPeriod } from "@/lib/articles/types";

export const metadata: Metadata = { title: "top" };

const PERIODS: TopPeriod[] = ["day", "week", "month", "all"];

/** Most-voted primaries of a day, week, month or all time (?t=, day when absent; any other value is a 404). */
export default async function TopPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await searchParams;
  const t = Array.isArray(sp.t) ? sp.t[0] : sp.t;
  if (t !== undefined && !PERIODS.includes(t as TopPeriod)) notFound();
  const period: TopPeriod = (t as TopPeriod | undefined) ?? "day";
  const page = await cachedTopArticles(period, readAfter(sp));
  if (!page) notFound();
  return (
    <>
      <SectionHeading>top {period === "all" ? "of all time" : `of the ${period}`}</SectionHeading>
      <nav aria-label="Period" className="mt-2 flex gap-3 font-mono text-sm">
        {PERIODS.map((p) => (
          <Link key={p} href={`/top?t=${p}`} aria-current={p === period ? "page" : undefined}
            className={p === period ? "font-bold text-emerald-800 dark:text-emerald-300" : "text-neutral-600 underline dark:text-neutral-400"}>
            {p}
          </Link>
        ))}
      </nav>
      <ListView page={page} basePath="/top" params={{ t: period }}
        empty={<Notice title="nothing in this period">No articles were published in this period yet; try a longer one.</Notice>} />
    </>
  );
}
