/**
 * The URL of noise image `index` of the same spec as `known`, another image's URL: the server's
 * route is `/images/noise/<spec>/<index>.png` (packages/server/README.md), so only the last part
 * changes. Lets the grid show a sorted or filtered run without asking for each image's URL.
 */
export function noiseImageUrl(known: string, index: number): string {
  return known.replace(/\/\d+\.png$/, `/${index}.png`);
}
