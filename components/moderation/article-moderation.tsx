import { getCurrentUser } from "@/lib/auth/current-user";
import { canFlag } from "@/lib/moderation/flags";
import { isStaff } from "@/lib/moderation/roles";
import { FlagForm } from "./flag-form";
import { ItemNotice } from "./item-notice";
import { RestoreForm, StaffItemActions } from "./staff-actions";

/**
 * The article page's moderation controls: "flag" for members who may flag, remove
 * (or restore) for staff, and the notices their forms leave. Nothing for readers.
 */
export async function ArticleModeration({ articleId, isRemoved, returnTo }: { articleId: number; isRemoved: boolean; returnTo: string }) {
  const viewer = await getCurrentUser();
  if (!viewer) return null;
  const viewerIsStaff = !viewer.isAgent && isStaff(viewer.role);
  return (
    <div className="mt-3 space-y-2 font-mono text-xs text-neutral-600 dark:text-neutral-400" data-part="moderation">
      {!isRemoved && canFlag(viewer) && <FlagForm target="article" id={articleId} returnTo={returnTo} />}
      <ItemNotice scope={`flag:a${articleId}`} />
      {viewerIsStaff && (isRemoved ? <RestoreForm target="article" id={articleId} returnTo={returnTo} /> : <StaffItemActions target="article" id={articleId} returnTo={returnTo} hasFlags={false} canSuspendAuthor={false} />)}
      {viewerIsStaff && <ItemNotice scope={`mod:a${articleId}`} />}
    </div>
  );
}
