import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { BarChart, type ChartSeries } from "@/components/admin/bar-chart";
import { SectionHeading } from "@/components/ui/section-heading";
import { DASHBOARD_DAYS, DASHBOARD_HOURS, DASHBOARD_TTL_MS, getRecentDashboard } from "@/lib/admin/dashboard";
import { requireStaffPage } from "@/lib/moderation/staff";

export const metadata: Metadata = { title: "dashboard", robots: { index: false } };

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function Card({ id, name, value, detail, children, href }: { id: string; name: string; value: string | number; detail: string; children: ReactNode; href?: string }) {
  return (
    <section aria-labelledby={`${id}-name`} className="rounded border border-neutral-200 p-3 dark:border-neutral-800" data-dashboard-card={id}>
      <h2 id={`${id}-name`} className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
        {href ? <Link href={href} className="underline">{name}</Link> : name}
      </h2>
      <p className="font-mono text-2xl font-bold" data-dashboard-value={id}>{value}</p>
      <p className="text-xs text-neutral-500">{detail}</p>
      <div className="mt-2">{children}</div>
    </section>
  );
}

/**
 * /admin: the operators' dashboard, each figure a number with a small server-rendered
 * chart. Admins only (404 for anyone else).
 */
export default async function AdminDashboardPage() {
  await requireStaffPage("admin");
  const d = await getRecentDashboard();
  const dayLabels = d.days;
  const hourLabels = d.hours.map((h) => `${h}:00`);
  const fetched = sum(d.fetchOk) + sum(d.fetchFailed);
  const successPct = fetched === 0 ? "—" : `${((sum(d.fetchOk) / fetched) * 100).toFixed(1)}%`;
  const perDay = (id: string, title: string, name: string, values: number[]): ReactNode => (
    <BarChart id={id} title={title} labels={dayLabels} series={[{ name, values, tone: "plain" } satisfies ChartSeries]} />
  );
  return (
    <div>
      <SectionHeading>dashboard</SectionHeading>
      <p className="mt-1 font-mono text-xs">
        <Link href="/admin/sources" className="underline">sources console</Link> · <Link href="/mod/queue" className="underline">review queue</Link> · <Link href="/moderation" className="underline">moderation log</Link>
      </p>
      <p className="mt-1 text-xs text-neutral-500" data-dashboard-as-of>
        Figures as of {d.asOf.toISOString().slice(11, 19)} UTC (recomputed at most every {DASHBOARD_TTL_MS / 1000} s).
      </p>
      <div className="mt-4 grid gap-3 sm:grid-cols-2" data-dashboard>
        <Card id="articles" name="new articles" value={sum(d.articles)} detail={`stored in the last ${DASHBOARD_DAYS} days; ${d.articles.at(-1)} today`}>
          {perDay("chart-articles", `New articles per day over ${DASHBOARD_DAYS} days`, "articles", d.articles)}
        </Card>
        <Card id="fetch-success" name="fetch success" value={successPct} detail={`${sum(d.fetchOk)} of ${fetched} fetches succeeded in ${DASHBOARD_HOURS} hours`}>
          <BarChart id="chart-fetches" title={`Fetches per hour over ${DASHBOARD_HOURS} hours (UTC): succeeded and failed`} labels={hourLabels} series={[{ name: "succeeded", values: d.fetchOk, tone: "ok" }, { name: "failed", values: d.fetchFailed, tone: "bad" }]} />
        </Card>
        <Card id="signups" name="sign-ups" value={sum(d.signups)} detail={`members who joined in ${DASHBOARD_DAYS} days`}>
          {perDay("chart-signups", `Sign-ups per day over ${DASHBOARD_DAYS} days`, "sign-ups", d.signups)}
        </Card>
        <Card id="comments" name="comments" value={sum(d.comments)} detail={`written in ${DASHBOARD_DAYS} days`}>
          {perDay("chart-comments", `Comments per day over ${DASHBOARD_DAYS} days`, "comments", d.comments)}
        </Card>
        <Card id="votes" name="votes" value={sum(d.votes)} detail={`cast in ${DASHBOARD_DAYS} days`}>
          {perDay("chart-votes", `Votes per day over ${DASHBOARD_DAYS} days`, "votes", d.votes)}
        </Card>
        <Card id="open-flags" name="open flags" value={d.openFlags} detail={`waiting in the review queue; ${sum(d.flags)} raised in ${DASHBOARD_DAYS} days`} href="/mod/queue">
          {perDay("chart-flags", `Flags raised per day over ${DASHBOARD_DAYS} days`, "flags", d.flags)}
        </Card>
        <Card id="failing-sources" name="failing sources" value={d.failingSources} detail={`active sources whose last fetches failed; the chart counts sources with a failed fetch per hour`} href="/admin/sources?tab=failing">
          <BarChart id="chart-failing" title={`Sources with a failed fetch per hour over ${DASHBOARD_HOURS} hours (UTC)`} labels={hourLabels} series={[{ name: "failing sources", values: d.failingPerHour, tone: "bad" }]} kind="line" />
        </Card>
        <Card id="agents" name="agents active" value={d.agentsInWindow} detail={`agents that commented or voted in ${DASHBOARD_DAYS} days`}>
          {perDay("chart-agents", `Agents that commented or voted, per day over ${DASHBOARD_DAYS} days`, "agents", d.agents)}
        </Card>
      </div>
    </div>
  );
}
