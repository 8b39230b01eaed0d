import { notFound, permanentRedirect } from "next/navigation";
import { connection } from "next/server";
import { cachedArticle } from "@/lib/articles/cached";
import { articlePath } from "@/lib/articles/paths";
import { parseArticleId } from "@/lib/articles/route-params";

/** /a/<id> without a slug: redirects to the article's canonical /a/<id>/<slug>. */
export default async function ArticleIdRedirect({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const id = parseArticleId((await params).id);
  const article = id === null ? null : await cachedArticle(id);
  if (!article) notFound();
  permanentRedirect(articlePath(article));
}
