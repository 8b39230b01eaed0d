import { readNotice } from "@/lib/users/notice";

/** The one-shot message left by a flag or staff form for this item (see lib/users/notice.ts). */
export async function ItemNotice({ scope }: { scope: string }) {
  const message = await readNotice(scope);
  if (!message) return null;
  return (
    <p role="status" className="w-full text-xs text-amber-800 dark:text-amber-300" data-mod-notice={scope}>
      {message}
    </p>
  );
}
