import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { connection } from "next/server";
import { ArticleView } from "@/components/articles/article-view";
import { cachedArticle, cachedRelated } from "@/lib/articles/cached";
import { articlePath } from "@/lib/articles/paths";
import { parseArticleId } from "@/lib/articles/route-params";
import { publicUrl } from "@/lib/env";

type Props = { params: Promise<{ id: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseArticleId((await params).id);
  const article = id === null ? null : await cachedArticle(id);
  if (!article) return { title: "article not found" };
  const url = `${publicUrl()}${articlePath(article)}`;
  const description = article.excerpt.slice(0, 300);
  return {
    title: article.title,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: "article",
      url,
      title: article.title,
      description,
      siteName: "readahead",
      publishedTime: article.publishedAt.toISOString(),
      authors: article.author ? [article.author] : undefined,
      tags: article.tags,
      images: article.imageUrl ? [{ url: article.imageUrl }] : undefined,
    },
  };
}

/** The article page, modelled element by element on the reference page. */
export default async function ArticlePage({ params }: Props) {
  await connection();
  const { id: rawId, slug } = await params;
  const id = parseArticleId(rawId);
  const article = id === null ? null : await cachedArticle(id);
  if (!article) notFound();
  const path = articlePath(article);
  // One URL per article: a renamed title or a hand-typed slug lands on the current one.
  if (path !== `/a/${rawId}/${slug}`) permanentRedirect(path);
  const related = await cachedRelated(article.id, article.source.id);
  return <ArticleView article={article} related={related} returnTo={path} />;
}
