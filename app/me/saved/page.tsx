import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ListView, readAfter } from "@/components/articles/list-view";
import { requireUser } from "@/lib/auth/current-user";
import { listSavedArticles } from "@/lib/saved/queries";

export const metadata: Metadata = { title: "saved", robots: { index: false } };

/** The member's saved articles, most recently saved first, a page at a time ("more →" carries the cursor). */
export default async function SavedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/me/saved");
  const after = readAfter(await searchParams);
  const page = await listSavedArticles(user.id, after);
  // A page link that cannot be read is a 404, as on the shared lists.
  if (page.cursorRejected) notFound();
  return (
    <div className="pt-6">
      <h1 className="font-mono text-lg font-bold">{"// saved"}</h1>
      <ListView
        page={page}
        basePath="/me/saved"
        empty={
          after ? (
            <p className="mt-4 text-sm">There are no more saved articles.</p>
          ) : (
            <p className="mt-4 text-sm" data-saved-empty>
              Nothing saved yet. Use “save” beside an article&apos;s vote button; <Link href="/" className="underline">start on the front page</Link>.
            </p>
          )
        }
      />
    </div>
  );
}
