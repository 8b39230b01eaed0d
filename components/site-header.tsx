import Link from "next/link";
import { UserNav } from "@/components/auth/user-nav";
import { SuspensionBanner } from "@/components/moderation/suspension-banner";
import { ThemeToggle } from "@/components/ui/theme-toggle";

/**
 * The terminal-style brand bar shown on every page. On narrow screens the brand
 * and the account/theme controls share the first row and the nav wraps below.
 */
export function SiteHeader() {
  return (
    <header className="border-b border-neutral-200 dark:border-neutral-800">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 font-mono text-sm">
        <Link href="/" className="text-base font-bold no-underline" aria-label="readahead, front page">
          <span className="text-emerald-700 dark:text-emerald-400">$</span> readahead<span className="animate-pulse">_</span>
        </Link>
        <nav aria-label="Main" className="order-3 flex w-full flex-wrap gap-x-3 text-neutral-600 sm:order-2 sm:w-auto dark:text-neutral-400">
          <Link href="/" className="hover:underline">hot</Link>
          <Link href="/new" className="hover:underline">new</Link>
          <Link href="/top" className="hover:underline">top</Link>
          <Link href="/sources" className="hover:underline">sources</Link>
          <Link href="/search" className="hover:underline">search</Link>
        </nav>
        <div className="order-2 ml-auto flex items-center gap-3 sm:order-3">
          <UserNav />
          <ThemeToggle />
        </div>
      </div>
      <SuspensionBanner />
    </header>
  );
}
