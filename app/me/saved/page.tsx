import type { Metadata } from "next";
import Link from "next/link";
import { ArticleList } from "@/components/articles/article-list";
import { requireUser } from "@/lib/auth/current-user";
import { listSavedArticles } from "@/lib/saved/queries";

export const metadata: Metadata = { title: "saved", robots: { index: false } };

/** The member's saved articles, most recently saved first. */
export default async function SavedPage() {
  const user = await requireUser("/me/saved");
  const articles = await listSavedArticles(user.id);
  return (
    <div className="pt-6">
      <h1 className="font-mono text-lg font-bold">{"// saved"}</h1>
      {articles.length === 0 ? (
        <p className="mt-4 text-sm" data-saved-empty>
          Nothing saved yet. Use “save” beside an article&apos;s vote button; <Link href="/" className="underline">start on the front page</Link>.
        </p>
      ) : (
        <ArticleList articles={articles} />
      )}
    </div>
  );
}
