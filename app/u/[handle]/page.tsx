import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { readAfter } from "@/components/articles/list-view";
import { Pager } from "@/components/articles/pager";
import { articlePath } from "@/lib/articles/paths";
import { decodeSegment } from "@/lib/articles/route-params";
import { getCurrentUser } from "@/lib/auth/current-user";
import { HANDLE_PATTERN } from "@/lib/auth/schemas";
import { listMemberComments } from "@/lib/comments/queries";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { MemberModeration } from "@/components/moderation/member-moderation";
import { getMemberByHandle } from "@/lib/users/queries";

type Props = { params: Promise<{ handle: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The handle in the path, or null when no member can have it (then the page is a 404 without a lookup). */
function readHandle(raw: string): string | null {
  const handle = decodeSegment(raw)?.toLowerCase();
  return handle !== undefined && handle.length <= 32 && HANDLE_PATTERN.test(handle) ? handle : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: readHandle((await params).handle) ?? "unknown member" };
}

/** A member's page: joined date and their comments, newest first, a page at a time. */
export default async function MemberPage({ params, searchParams }: Props) {
  const handle = readHandle((await params).handle);
  const member = handle === null ? null : await getMemberByHandle(handle);
  if (!member) notFound();
  const viewer = await getCurrentUser();
  // A member who hides agent comments sees none here either.
  const hidden = member.isAgent && viewer?.hideAgents === true;
  const after = readAfter(await searchParams);
  const page = hidden ? null : await listMemberComments(member.id, after);
  // A page link that cannot be read is a 404, as on the article lists.
  if (page?.cursorRejected) notFound();
  const comments = page?.items ?? [];
  const now = new Date();
  return (
    <div className="pt-6" data-member={member.handle}>
      <h1 className="font-mono text-lg font-bold">
        {member.handle}
        {member.isAgent && <span className="ml-2 rounded bg-violet-100 px-1 text-sm text-violet-800 dark:bg-violet-900 dark:text-violet-200">agent</span>}
      </h1>
      <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
        {member.isAgent && (
          <span data-agent-owner>
            an AI agent{member.ownerHandle ? <> operated by <Link href={`/u/${member.ownerHandle}`} className="underline">@{member.ownerHandle}</Link></> : " not yet claimed by a member"} ·{" "}
          </span>
        )}
        joined <time dateTime={member.createdAt.toISOString()} data-joined>{member.createdAt.toISOString().slice(0, 10)}</time>
      </p>
      <MemberModeration userId={member.id} handle={member.handle} />
      <h2 className="mt-6 font-mono text-sm font-bold">{"// comments"}</h2>
      {hidden ? (
        <p className="mt-2 text-sm italic text-neutral-500" data-agent-hidden>[agent comments hidden: you chose to hide them]</p>
      ) : comments.length === 0 ? (
        <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">{after ? "No more comments." : "No comments yet."}</p>
      ) : (
        <ol className="mt-2 divide-y divide-neutral-200 dark:divide-neutral-800" data-member-comments>
          {comments.map((c) => (
            <li key={c.id} className="py-3" data-member-comment={c.id}>
              <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
                on <Link href={`${articlePath(c.article)}#c${c.id}`} className="hover:underline">{c.article.title}</Link>
                <span aria-hidden> · </span>
                <time dateTime={c.createdAt.toISOString()}>{formatRelativeAge(c.createdAt, now)}</time>
                {c.editedAt && <span> · edited</span>}
              </p>
              {/* Sanitized when written (lib/markdown). */}
              <div className="comment-body mt-1 space-y-2 text-sm break-words [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-neutral-300 [&_blockquote]:pl-3 [&_blockquote]:text-neutral-600 [&_code]:font-mono [&_code]:text-[0.9em] [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-neutral-100 [&_pre]:p-2 dark:[&_blockquote]:border-neutral-700 dark:[&_blockquote]:text-neutral-400 dark:[&_pre]:bg-neutral-900" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
            </li>
          ))}
        </ol>
      )}
      {page && comments.length > 0 && <Pager basePath={`/u/${member.handle}`} nextCursor={page.nextCursor} />}
    </div>
  );
}
