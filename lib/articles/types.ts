/** Shapes the reading pages receive from lib/articles (plain data, no Prisma types). */

/** What a list row shows of an article. */
export interface ArticleListItem {
  id: number;
  title: string;
  excerpt: string;
  url: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  score: number;
  commentCount: number;
  source: { slug: string; title: string };
  tags: string[];
  /** Titles of other sources that carried the same URL (shown once, crediting both). */
  alsoOn: string[];
  /**
   * The story this row leads (lib/stories), with its other coverage, best first;
   * null or absent when the article is in no story (lists that do not fold stories
   * leave it out).
   */
  story?: StoryCoverage | null;
}

/** A story's other members as a list row names them ("also: The Verge, Wired +2"). */
export interface StoryCoverage {
  id: number;
  members: StoryMember[];
}

/** One other article of a story. */
export interface StoryMember {
  id: number;
  title: string;
  url: string | null;
  source: { slug: string; title: string };
}

/** One page of a list and the cursor of the next page, if there is one. */
export interface ArticlePage {
  items: ArticleListItem[];
  nextCursor: string | null;
  /** True when the request's cursor could not be read and the first page was shown instead. */
  cursorRejected: boolean;
}

/** Everything the article page shows. */
export interface ArticleDetail {
  id: number;
  title: string;
  excerpt: string;
  url: string | null;
  imageUrl: string | null;
  author: string | null;
  publishedAt: Date;
  readingMinutes: number;
  score: number;
  commentCount: number;
  source: { id: number; slug: string; title: string; siteUrl: string | null };
  tags: string[];
  /** Other sources that carried the same URL. */
  alsoOn: { slug: string; title: string; url: string | null }[];
  /** Set when a moderator removed it: the page shows why, and nothing else of it. */
  removal: { reason: string } | null;
}

/** One item of an article's `// related` list. */
export interface RelatedItem {
  id: number;
  title: string;
  excerpt: string;
  publishedAt: Date;
  source: { slug: string; title: string };
  /** A member of the same story (listed first), not only related coverage. */
  inStory: boolean;
}

export type TopPeriod = "day" | "week" | "month" | "all";
