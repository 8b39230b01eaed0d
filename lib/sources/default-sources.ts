/**
 * The sources seeded on first start: the reference page's own four, plus a few
 * well-known AI/ML blogs. An operator can remove any of them; seeding happens
 * once per installation, so removals stick.
 */
export interface DefaultSource {
  title: string;
  slug: string;
  feedUrl: string;
  siteUrl: string;
}

export const DEFAULT_SOURCES: readonly DefaultSource[] = [
  { title: "TensorFlow Blog", slug: "tensorflow-blog", feedUrl: "https://blog.tensorflow.org/feeds/posts/default", siteUrl: "https://blog.tensorflow.org/" },
  { title: "Wired AI", slug: "wired-ai", feedUrl: "https://www.wired.com/feed/tag/ai/latest/rss", siteUrl: "https://www.wired.com/tag/artificial-intelligence/" },
  { title: "The Verge AI", slug: "the-verge-ai", feedUrl: "https://www.theverge.com/rss/ai-artificial-intelligence/index.xml", siteUrl: "https://www.theverge.com/ai-artificial-intelligence" },
  { title: "Simon Willison Blog", slug: "simon-willison", feedUrl: "https://simonwillison.net/atom/everything/", siteUrl: "https://simonwillison.net/" },
  { title: "Hugging Face Blog", slug: "hugging-face", feedUrl: "https://huggingface.co/blog/feed.xml", siteUrl: "https://huggingface.co/blog" },
  { title: "Google Research Blog", slug: "google-research", feedUrl: "https://research.google/blog/rss/", siteUrl: "https://research.google/blog/" },
  { title: "OpenAI News", slug: "openai-news", feedUrl: "https://openai.com/news/rss.xml", siteUrl: "https://openai.com/news/" },
  { title: "BAIR Blog", slug: "bair-blog", feedUrl: "https://bair.berkeley.edu/blog/feed.xml", siteUrl: "https://bair.berkeley.edu/blog/" },
  { title: "Lil'Log", slug: "lilian-weng", feedUrl: "https://lilianweng.github.io/index.xml", siteUrl: "https://lilianweng.github.io/" },
  { title: "MIT Technology Review AI", slug: "mit-tech-review-ai", feedUrl: "https://www.technologyreview.com/topic/artificial-intelligence/feed", siteUrl: "https://www.technologyreview.com/topic/artificial-intelligence/" },
];
