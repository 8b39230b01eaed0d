"use client";

/**
 * Switches light/dark and remembers the choice; the layout's inline script applies
 * it before paint. The label is CSS-driven (the `dark` class), so server and client
 * render the same markup and the accessible name always contains the visible word.
 */
export function ThemeToggle() {
  function toggle() {
    const dark = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", dark);
    try {
      localStorage.setItem("theme", dark ? "dark" : "light");
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }
  return (
    <button
      type="button"
      onClick={toggle}
      className="rounded border border-neutral-300 px-2 py-0.5 text-xs text-neutral-700 hover:bg-neutral-100 dark:border-neutral-700 dark:text-neutral-300 dark:hover:bg-neutral-800"
      data-theme-toggle
    >
      <span className="sr-only">switch to </span>
      <span className="dark:hidden">dark</span>
      <span className="hidden dark:inline">light</span>
      <span className="sr-only"> theme</span>
    </button>
  );
}
