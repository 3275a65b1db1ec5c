import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Card headings sit under the model's own `<h2>`, so `#` becomes `<h3>` and so on down to
 * `<h6>`: the page keeps one outline for screen readers.
 */
const SHIFTED_HEADINGS: Components = {
  h1: 'h3',
  h2: 'h4',
  h3: 'h5',
  h4: 'h6',
  h5: 'h6',
  h6: 'h6',
};

/**
 * A model card (Markdown) rendered with react-markdown and GitHub-flavoured tables
 * (remark-gfm). Safe by default: raw HTML in the card is not rendered (there is no
 * rehype-raw) and react-markdown's URL transform drops `javascript:` and other unsafe links.
 * `name` names its scrolling region.
 */
export function ModelCard({ markdown, name = 'Model card' }: { markdown: string; name?: string }) {
  // The card scrolls inside its box: a named region in the Tab order, so the keyboard scrolls it.
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box needs focus for keyboard scrolling (WCAG 2.1.1)
    <section className="model-card" aria-label={name} tabIndex={0}>
      <Markdown remarkPlugins={[remarkGfm]} components={SHIFTED_HEADINGS} skipHtml>
        {markdown}
      </Markdown>
    </section>
  );
}
