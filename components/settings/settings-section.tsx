import type { ReactNode } from "react";
import { SectionHeading } from "@/components/ui/section-heading";

/**
 * One section of /me/settings: a `// heading` and its content, with an id to link to
 * (`/me/settings#password`). Each setting is its own section; add one by placing
 * another <SettingsSection> in app/me/settings/page.tsx.
 */
export function SettingsSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="border-t border-neutral-200 pb-2 first:border-t-0 dark:border-neutral-800" data-settings-section={id}>
      <SectionHeading id={`${id}-heading`} level={2}>
        {title}
      </SectionHeading>
      <div className="mt-2 text-sm">
        {children}
      </div>
    </section>
  );
}
