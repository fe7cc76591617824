/**
 * An imported text as a reader sees it: the 编/章/节 headings where they change and each
 * article with its paragraphs. Focus articles are marked (重点) and can be jumped to.
 */
type Article = { number: string; part: string | null; chapter: string | null; section: string | null; body: string };

export function articleAnchor(number: string): string {
  return `article-${encodeURIComponent(number)}`;
}

export function RegulationText({ articles, focus = [], anchors = true }: { articles: Article[]; focus?: string[]; anchors?: boolean }) {
  const focused = new Set(focus);
  let part: string | null = null;
  let chapter: string | null = null;
  let section: string | null = null;
  const items: JSX.Element[] = [];
  for (const a of articles) {
    if (a.part !== part && a.part) items.push(<h3 key={`p-${a.number}`} className="text-part">{a.part}</h3>);
    if ((a.chapter !== chapter || a.part !== part) && a.chapter) items.push(<h4 key={`c-${a.number}`} className="text-chapter">{a.chapter}</h4>);
    if ((a.section !== section || a.chapter !== chapter) && a.section) items.push(<h5 key={`s-${a.number}`} className="text-section">{a.section}</h5>);
    [part, chapter, section] = [a.part, a.chapter, a.section];
    const paragraphs = a.body.split("\n");
    const isFocus = focused.has(a.number);
    items.push(
      <article key={a.number} id={anchors ? articleAnchor(a.number) : undefined} className={isFocus ? "law-article focus" : "law-article"} aria-label={isFocus ? `${a.number}（重点）` : a.number}>
        <p>
          <strong className="article-no">{a.number}</strong>
          {isFocus ? <span className="badge amber">重点</span> : null} {paragraphs[0]}
        </p>
        {paragraphs.slice(1).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </article>,
    );
  }
  return <div className="law-text">{items}</div>;
}
