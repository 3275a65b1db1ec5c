import { type ReactNode, useId } from 'react';

interface Props {
  /** The figure's name: a title above the chart or an explanation under it. */
  caption: ReactNode;
  /** @defaultValue false (the caption goes under the chart) */
  captionAbove?: boolean;
  /** What the chart shows in one sentence: the drawing's accessible name. */
  summary: string;
  /** The chart's text alternative (numbers a screen reader can read), tied by `aria-describedby`. */
  description?: ReactNode;
  className?: string;
  /** The chart itself (SVG from recharts). */
  children: ReactNode;
  /** More after the caption, e.g. the chart's data as a table. */
  after?: ReactNode;
}

/**
 * Every chart's frame: a `<figure>` named by its caption (`aria-labelledby`), the drawing an
 * image named by a one-line summary and described by a text alternative, so a screen reader
 * lands on a named region and reads numbers, not SVG ticks.
 */
export function ChartFigure({
  caption,
  captionAbove = false,
  summary,
  description,
  className,
  children,
  after,
}: Props) {
  const captionId = useId();
  const descriptionId = useId();
  const figcaption = (
    <figcaption id={captionId} className={captionAbove ? 'chart-title' : 'muted'}>
      {caption}
    </figcaption>
  );
  return (
    <figure className={className} aria-labelledby={captionId}>
      {captionAbove ? figcaption : null}
      <div
        className="chart"
        role="img"
        aria-label={summary}
        aria-describedby={description ? descriptionId : undefined}
      >
        {children}
      </div>
      {captionAbove ? null : figcaption}
      {description ? (
        <div id={descriptionId} className="sr-only">
          {description}
        </div>
      ) : null}
      {after}
    </figure>
  );
}
