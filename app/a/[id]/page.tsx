import { notFound, permanentRedirect } from "next/navigation";
import { connection } from "next/server";
import { cachedArticle } from "@/lib/articles/cached";
import { articlePath } from "@/lib/articles/paths";

/** /a/<id> without a slug: redirects to the article's canonical /a/<id>/<slug>. */
export default async function ArticleIdRedirect({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const article = /^[1-9][0-9]{0,9}$/.test(id) ? await cachedArticle(Number(id)) : null;
  if (!article) notFound();
  permanentRedirect(articlePath(article));
}
