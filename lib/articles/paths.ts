import { slugify } from "../sources/slug";

/** The canonical path of an article's page: /a/<id>/<slug of its title>. */
export function articlePath(a: { id: number; title: string }): string {
  return `/a/${a.id}/${slugify(a.title)}`;
}
